import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { ADMIN, requireUser } from "~/domain/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context, ADMIN);
  return redirect("/admin/users");
}

import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { optionalUser } from "~/domain/guards.server";

export async function loader({ request, context }: LoaderFunctionArgs) {
  return redirect((await optionalUser(request, context)) ? "/library" : "/login");
}

import { redirect, type ActionFunctionArgs } from "@remix-run/node";
import { destroySessionCookie } from "~/domain/auth.server";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: ActionFunctionArgs) {
  const cookie = await destroySessionCookie(context.db, request);
  return redirect("/login", { headers: { "Set-Cookie": cookie } });
}

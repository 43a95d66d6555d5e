import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs } from "@remix-run/node";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { requireUser } from "~/domain/guards.server";
import { recordSheetShare, shareSheetSchema, withdrawSheetShare, type SheetShare } from "~/domain/share-sheet.server";
import { formError, formOk, formResult, parseForm } from "~/forms";

/** The composer's "Share…" button (app/components/share/native-share.tsx, decision 017): no page of its own. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireUser(request, context);
  return redirect("/library");
}

/** The recorded share the page hands to the share sheet, or which share was withdrawn. */
type SheetReply = { sheet?: SheetShare; intent?: "open" | "withdraw" };

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const parsed = parseForm(shareSheetSchema, await request.formData());
  if (!parsed.ok) return formError<SheetReply>(parsed.errors);
  if (parsed.data.intent === "withdraw") {
    const result = await withdrawSheetShare(context.db, { user, shareId: parsed.data.shareId });
    return formResult<SheetReply>(result, { intent: "withdraw" }, 409);
  }
  const origin = new URL(request.url).origin;
  const result = await recordSheetShare(context.db, { user, form: parsed.data, origin });
  if (!result.ok) return formError<SheetReply>({ [result.field ?? "form"]: result.message }, 400, { intent: "open" });
  return formOk<SheetReply>("Recorded: choose where to share it.", { intent: "open", sheet: result.share });
}

export const ErrorBoundary = GeneralErrorBoundary;

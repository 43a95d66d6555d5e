import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData, useSearchParams } from "@remix-run/react";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { HelpTabs } from "~/components/help-tabs";
import { Markdown } from "~/components/markdown";
import { requireUser, safeRedirectPath } from "~/domain/guards.server";
import { acceptPolicy, getPolicy, hasAcceptedPolicy } from "~/domain/policy.server";

export const meta: MetaFunction = () => [{ title: "Social media policy · Chorus" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await requireUser(request, context);
  const [policy, accepted] = await Promise.all([getPolicy(context.db), hasAcceptedPolicy(context.db, user.id)]);
  return { body: policy.bodyMd || "# Social media policy\n\nShare responsibly.", accepted };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const user = await requireUser(request, context);
  const form = await request.formData();
  await acceptPolicy(context.db, user.id);
  return redirect(safeRedirectPath(form.get("redirectTo"), "/library"));
}

export default function Policy() {
  const { body, accepted } = useLoaderData<typeof loader>();
  const [params] = useSearchParams();
  return (
    <div className="stack page-narrow">
      <h1 className="flush">Social media policy</h1>
      <HelpTabs />
      <div className="card">
        <Markdown source={body} title="Social media policy" />
      </div>
      {accepted ? (
        <p className="notice" role="status">
          You have accepted this policy.
        </p>
      ) : (
        <Form method="post" className="card row">
          <input type="hidden" name="redirectTo" value={params.get("redirectTo") ?? ""} />
          <p className="flush grow">Before your first share, please confirm you have read the policy.</p>
          <button type="submit">I accept the policy</button>
        </Form>
      )}
    </div>
  );
}

export const ErrorBoundary = GeneralErrorBoundary;

import { createHash } from "node:crypto";
import { delay, http, HttpResponse } from "msw";
import { mockLinkedInProfile as profileFromToken } from "../app/domain/mock-sign-in.server";
import { mockPosts, nextMockId } from "./network-log";

/**
 * LinkedIn OpenID Connect, with the real endpoints and response shapes. A mock authorization code carries
 * the profile to return (its format: app/domain/mock-sign-in.server.ts), and so does the access token made
 * of it.
 */

export const linkedInSub = (email: string) =>
  createHash("sha256").update(email.toLowerCase()).digest("base64url").slice(0, 10);

export const linkedinHandlers = [
  http.post("https://www.linkedin.com/oauth/v2/accessToken", async ({ request }) => {
    const body = new URLSearchParams(await request.text());
    const code = body.get("code") ?? "";
    if (body.get("grant_type") !== "authorization_code" || !profileFromToken(code)) {
      return HttpResponse.json(
        {
          error: "invalid_request",
          error_description:
            "Unable to retrieve access token: appid/redirect uri/code verifier does not match authorization code. Or authorization code expired. Or external member binding exists",
        },
        { status: 400 },
      );
    }
    return HttpResponse.json({
      access_token: code,
      expires_in: 5183999,
      scope: "email,openid,profile",
      token_type: "Bearer",
      id_token:
        "eyJ6aXAiOiJERUYiLCJraWQiOiJkOTI5YzYzZi1mZTNmLTQ1YzktYTQ5NS0yOGFmOGJlNzY0NDYiLCJhbGciOiJSUzI1NiJ9.mock.signature",
    });
  }),

  http.get("https://api.linkedin.com/v2/userinfo", ({ request }) => {
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    const profile = profileFromToken(token);
    if (!profile) {
      return HttpResponse.json(
        { serviceErrorCode: 65600, message: "Invalid access token", status: 401 },
        { status: 401 },
      );
    }
    const [given, ...rest] = profile.name.split(" ");
    return HttpResponse.json({
      sub: linkedInSub(profile.email),
      email_verified: profile.emailVerified ?? true,
      name: profile.name,
      locale: { country: "US", language: "en" },
      given_name: given,
      family_name: rest.join(" "),
      email: profile.email,
      picture: "https://media.licdn.com/dms/image/C5603AQHmock/profile-displayphoto-shrink_100_100/0/1600000000000",
    });
  }),

  // Posts API (w_member_social): 201 with the new post's URN in x-restli-id, empty body.
  http.post("https://api.linkedin.com/rest/posts", async ({ request }) => {
    const token = request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "";
    if (!token) {
      return HttpResponse.json(
        { status: 401, serviceErrorCode: 65600, code: "INVALID_ACCESS_TOKEN", message: "Invalid access token" },
        { status: 401 },
      );
    }
    if (!request.headers.get("linkedin-version") || request.headers.get("x-restli-protocol-version") !== "2.0.0") {
      return HttpResponse.json(
        { status: 426, code: "NONEXISTENT_VERSION", message: "Requested version  is not active" },
        { status: 426 },
      );
    }
    const body = (await request.json()) as { author?: string; commentary?: string };
    if (!body.author?.startsWith("urn:li:person:")) {
      return HttpResponse.json(
        { status: 422, code: "UNPROCESSABLE_ENTITY", message: "ERROR :: /author :: is not a valid urn" },
        { status: 422 },
      );
    }
    const urn = `urn:li:share:${nextMockId()}`;
    mockPosts.push({ network: "linkedin", id: urn, text: body.commentary ?? "", token, at: Date.now() });
    return new HttpResponse(null, { status: 201, headers: { "x-restli-id": urn, "x-linkedin-id": urn } });
  }),
];

const POSTS = "https://api.linkedin.com/rest/posts";
async function acceptPost(request: Request) {
  const body = (await request.json()) as { commentary?: string; content?: { article?: { source?: string } } };
  const urn = `urn:li:share:${nextMockId()}`;
  mockPosts.push({
    network: "linkedin",
    id: urn,
    text: body.commentary ?? "",
    token: request.headers.get("authorization")?.replace(/^Bearer /, "") ?? "",
    at: Date.now(),
    link: body.content?.article?.source,
  });
  return urn;
}

/**
 * LinkedIn's real failure shapes, for a test to install with `mockServer.use(linkedinFailures.…())`.
 * LinkedIn lists a member's posts only to partner apps, so there is no feed to look things up in.
 */
export const linkedinFailures = {
  /** Creates the post, answers 201 only after `ms`. */
  lateSuccess: (ms: number) =>
    http.post(POSTS, async ({ request }) => {
      const urn = await acceptPost(request);
      await delay(ms);
      return new HttpResponse(null, { status: 201, headers: { "x-restli-id": urn, "x-linkedin-id": urn } });
    }),
  /** Creates the post, then the connection drops before any answer. */
  resetAfterSend: () =>
    http.post(POSTS, async ({ request }) => {
      await acceptPost(request);
      return HttpResponse.error();
    }),
  /** Member-level throttle: 429 (LinkedIn documents no reset header; Retry-After when a gateway adds one). */
  rateLimited: (retryAfterSeconds?: number) =>
    http.post(POSTS, () =>
      HttpResponse.json(
        {
          status: 429,
          message: "Resource level throttle APPLICATION DAY limit for calls to this resource is reached.",
        },
        { status: 429, headers: retryAfterSeconds ? { "Retry-After": String(retryAfterSeconds) } : {} },
      ),
    ),
  /** A server error; with `posted`, the post was created anyway. */
  serverError: (status = 500, options: { posted?: boolean } = {}) =>
    http.post(POSTS, async ({ request }) => {
      if (options.posted) await acceptPost(request);
      return HttpResponse.json(
        { message: status === 503 ? "Service Unavailable" : "Internal Server Error", status },
        { status },
      );
    }),
  /** The member revoked the app. */
  revoked: () =>
    http.post(POSTS, () =>
      HttpResponse.json(
        {
          status: 401,
          serviceErrorCode: 65601,
          code: "REVOKED_ACCESS_TOKEN",
          message: "The token used in the request has been revoked by the user",
        },
        { status: 401 },
      ),
    ),
  /** The same commentary posted again. */
  duplicate: () =>
    http.post(POSTS, () =>
      HttpResponse.json(
        {
          errorDetailType: "com.linkedin.common.error.BadRequest",
          code: "DUPLICATE_POST",
          message: "Content is a duplicate of urn:li:share:7123456789012345678",
          status: 422,
        },
        { status: 422 },
      ),
    ),
};

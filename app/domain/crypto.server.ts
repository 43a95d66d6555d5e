import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { getEnv, networkMode } from "../env.server";
import { NETWORKS } from "./networks";

/** AES-256-GCM for social tokens at rest: "v1.<iv>.<tag>.<ciphertext>" in base64url. */
function key(): Buffer {
  const env = getEnv();
  if (env.TOKEN_ENCRYPTION_KEY) return Buffer.from(env.TOKEN_ENCRYPTION_KEY, "hex");
  // Real tokens exist only where some network has real credentials; they never get the public key.
  const live = NETWORKS.some((network) => networkMode(network, env) === "live");
  if (env.NODE_ENV === "production" && live) throw new Error("TOKEN_ENCRYPTION_KEY is not set");
  // Development, tests, mock mode and placeholder credentials only: a fixed key derived from a constant.
  return createHash("sha256").update("chorus-development-token-key").digest();
}

export function encryptToken(plain: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), body.toString("base64url")].join(
    ".",
  );
}

export function decryptToken(sealed: string): string {
  const [version, iv, tag, body] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || !body) throw new Error("Unreadable token");
  const decipher = createDecipheriv("aes-256-gcm", key(), Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(body, "base64url")), decipher.final()]).toString("utf8");
}

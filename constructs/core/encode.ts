import { createHash } from "node:crypto";
import { Fn, Token } from "cdktf";

// Encodings of a value bound for Helm values: Terraform's function for a reference, computed here for a literal. A
// literal inside a Terraform function call would be a quoted string (with escaped newlines, for a PEM) inside the
// quoted YAML scalar the values hold, which ends that scalar early.

/** Base64 of a value (`base64encode`). */
export function base64Encode(value: string): string {
  return Token.isUnresolved(value) ? Token.asString(Fn.base64encode(value)) : Buffer.from(value).toString("base64");
}

/** Lowercase hex SHA-256 of a value (`sha256`). */
export function sha256Hex(value: string): string {
  return Token.isUnresolved(value)
    ? Token.asString(Fn.sha256(value))
    : createHash("sha256").update(value).digest("hex");
}

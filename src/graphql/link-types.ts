// The GraphQL types of API key and session links: who holds which key id or session.
import { Field, ID, InputType, Int, ObjectType } from "type-graphql";
import { IMPORT_REFUSALS, type ApiKeyLinkRow, type ImportRefusal } from "../links/api-key-links.js";
import { HOLDER_KINDS, type HolderKind } from "../links/holder-kind.js";
import { HOLDER_STATUSES, type HolderStatus } from "../links/holder-status.js";
import { connectionType, type Keyset } from "./connection.js";
import { enumType } from "./enum-type.js";
import { DateTime } from "./scalars.js";

export const HolderKindEnum = enumType(HOLDER_KINDS, "HolderKind", "What kind of identity holds a key or session.");

export const HolderStatusEnum = enumType(HOLDER_STATUSES, "HolderStatus", "Where a link's holder stands in the directory now.");

export const ImportRefusalEnum = enumType(IMPORT_REFUSALS, "ApiKeyImportRefusal");

@ObjectType({ description: "An API key id (never the key) and the identity that holds it." })
export class ApiKeyLink {
  @Field()
  apiKeyId: string;

  @Field(() => ID)
  holderId: string;

  @Field(() => HolderKindEnum)
  holderKind: HolderKind;

  @Field(() => String, { nullable: true })
  label: string | null;

  @Field({ description: "The subject of the admin who linked it." })
  linkedBy: string;

  @Field(() => DateTime, { description: "When the key was linked: since when its holder holds it." })
  createdAt: Date;
}

export const ApiKeyLinkConnection = connectionType("ApiKeyLink", () => ApiKeyLink);

/** Links by API key id. */
export const linksByKeyId: Keyset<ApiKeyLinkRow, [apiKeyId: string]> = {
  name: "ApiKeyLink",
  keyOf: (link) => [link.apiKeyId],
  size: 1,
};

@InputType({ description: "Narrows apiKeyLinks; every given criterion must hold." })
export class ApiKeyLinkFilter {
  @Field(() => ID, { nullable: true })
  holderId?: string | null;

  @Field(() => HolderKindEnum, { nullable: true })
  holderKind?: HolderKind | null;

  @Field(() => HolderStatusEnum, { nullable: true })
  status?: HolderStatus | null;
}

@InputType()
export class LinkApiKeyInput {
  @Field({ description: "The key's id or fingerprint, as traces carry it; a raw key is refused." })
  apiKeyId: string;

  @Field(() => ID, { description: "A directory user's or service principal's object id." })
  holderId: string;

  @Field(() => String, { nullable: true })
  label?: string | null;
}

@ObjectType({ description: "What an import did with one row." })
export class ApiKeyImportRow {
  @Field(() => Int, { description: "The row's position in the input, from 0." })
  index: number;

  @Field()
  apiKeyId: string;

  @Field(() => ID)
  holderId: string;

  @Field(() => ImportRefusalEnum, { nullable: true, description: "Why the row was refused; null if it was acceptable." })
  refusal: ImportRefusal | null;

  @Field(() => String, { nullable: true })
  message: string | null;
}

@ObjectType({ description: "An import's outcome: all rows saved, or (when any was refused) none." })
export class ApiKeyImportReport {
  @Field()
  committed: boolean;

  @Field(() => Int)
  linked: number;

  @Field(() => Int)
  refused: number;

  @Field(() => [ApiKeyImportRow])
  rows: ApiKeyImportRow[];
}

@ObjectType({ description: "A session id and the identity whose session it is." })
export class SessionLink {
  @Field()
  sessionId: string;

  @Field(() => ID)
  holderId: string;

  @Field(() => HolderKindEnum)
  holderKind: HolderKind;

  @Field(() => DateTime, { nullable: true, description: "After this, the session's traces no longer resolve to the holder." })
  expiresAt: Date | null;

  @Field(() => DateTime)
  createdAt: Date;
}

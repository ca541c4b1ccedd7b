// The schema's scalars of our own choosing: instants as ISO 8601 strings (DateTimeISO).
import { GraphQLDateTimeISO } from "graphql-scalars";

export const DateTime = GraphQLDateTimeISO;

// The GraphQL explorer a browser gets at /graphql in development: GraphiQL with its scripts, styles
// and fonts inlined from the installed @graphql-yoga/render-graphiql package, so that it works on
// a machine with no internet (Apollo Sandbox, the default, loads from Apollo's CDN).
import type { ApolloServerPlugin } from "@apollo/server";

/** The first query a newcomer runs: people from the mirror, with their departments. */
export const EXPLORER_SAMPLE_QUERY = /* GraphQL */ `query FirstPeople {
  directoryUsers(first: 5) {
    edges {
      node {
        displayName
        mail
        department { name }
      }
    }
  }
}
`;

/**
 * The headers editor's starting text. A placeholder, never a real token: the page is served to
 * anyone who can reach the port, and the mirror it would open may hold a real tenant.
 */
export const EXPLORER_HEADERS = JSON.stringify(
  { Authorization: "Bearer <the token npm start printed, or: identity-subgraph token --role admin>" },
  null,
  2,
);

/** Apollo's landing page, replaced by the explorer. */
export function explorerLandingPage(): ApolloServerPlugin {
  // Rendered at the first visit rather than at start: the page weighs about 9 MB.
  let page: Promise<string> | undefined;
  const html = () =>
    (page ??= import("@graphql-yoga/render-graphiql").then(({ renderGraphiQL }) =>
      renderGraphiQL({
        title: "Identity subgraph",
        endpoint: "/graphql",
        defaultQuery: EXPLORER_SAMPLE_QUERY,
        headers: EXPLORER_HEADERS,
        defaultHeaders: EXPLORER_HEADERS,
        defaultEditorToolsVisibility: "headers",
      }),
    ));
  return {
    async serverWillStart() {
      return {
        async renderLandingPage() {
          return { html };
        },
      };
    },
  };
}

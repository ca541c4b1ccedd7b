// GraphQL Code Generator: typed documents for the operations tests send (`npm run schema`).
import type { CodegenConfig } from "@graphql-codegen/cli";

const config: CodegenConfig = {
  schema: ["schema/subgraph.graphql", "test/fixtures/federation-directives.graphql"],
  documents: ["test/operations/directory.graphql"],
  generates: {
    "test/generated/": {
      preset: "client",
      presetConfig: { fragmentMasking: false },
      // NodeNext ESM needs the extension on relative imports.
      config: { useTypeImports: true, emitLegacyCommonJSImports: false },
    },
  },
};

export default config;

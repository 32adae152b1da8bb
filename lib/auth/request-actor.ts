import "server-only";
/**
 * The current request's actor, resolved once per server render: the root layout and the page (and its
 * generateMetadata) each ask, and React's request-scoped `cache` makes that one session lookup instead of two or
 * three (ADR 1104). Route handlers and server actions call getActor(headers) directly.
 *
 * @example
 *   const actor = await getRequestActor(); // in a server component
 */
import { cache } from "react";
import { headers } from "next/headers";
import { getActor } from "./session";

export const getRequestActor = cache(async () => getActor(await headers()));

// The real "server-only" throws outside a React Server Components build; tests import server code directly.
module.exports = {};

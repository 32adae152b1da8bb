/** Who is asking: the signed-in user as lib/auth's session helper returns it. */
export interface Actor {
  id: string;
  role: "candidate" | "admin";
}

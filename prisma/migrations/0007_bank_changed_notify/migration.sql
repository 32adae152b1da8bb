-- Every change to the question bank (a question, its contents, coding spec or tests: publish, unpublish, edit, delete,
-- restore, import, seed) sends NOTIFY clockwise_bank_changed when its transaction commits, so every web process on every
-- machine drops its cached public pages at once (docs/adr/1105-public-page-cache.md). In the database, not in the use
-- cases, so no write path can forget it. PostgreSQL folds identical notifications of one transaction into one.
--
-- Rules, not triggers: Prisma's schema engine (the drift check) splits migrations at every semicolon, which a
-- PL/pgSQL trigger body cannot avoid, and a rule's NOTIFY action needs none. Consequence: INSERT … ON CONFLICT (Prisma
-- upsert, createMany with skipDuplicates) is refused on these four tables (use update-or-create in a transaction).

CREATE OR REPLACE RULE "clockwise_bank_changed_insert" AS ON INSERT TO "Question" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_update" AS ON UPDATE TO "Question" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_delete" AS ON DELETE TO "Question" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_insert" AS ON INSERT TO "QuestionContent" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_update" AS ON UPDATE TO "QuestionContent" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_delete" AS ON DELETE TO "QuestionContent" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_insert" AS ON INSERT TO "CodingSpec" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_update" AS ON UPDATE TO "CodingSpec" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_delete" AS ON DELETE TO "CodingSpec" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_insert" AS ON INSERT TO "TestCase" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_update" AS ON UPDATE TO "TestCase" DO ALSO NOTIFY clockwise_bank_changed;
CREATE OR REPLACE RULE "clockwise_bank_changed_delete" AS ON DELETE TO "TestCase" DO ALSO NOTIFY clockwise_bank_changed;

-- The hub database as EF Core 10.0.14 migrated and filled it (SQLite; sqlite3 .dump), kept to test the takeover.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE IF NOT EXISTS "__EFMigrationsLock" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK___EFMigrationsLock" PRIMARY KEY,
    "Timestamp" TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS "__EFMigrationsHistory" (
    "MigrationId" TEXT NOT NULL CONSTRAINT "PK___EFMigrationsHistory" PRIMARY KEY,
    "ProductVersion" TEXT NOT NULL
);
INSERT INTO __EFMigrationsHistory VALUES('20261122000000_InitialSchema','10.0.14');
INSERT INTO __EFMigrationsHistory VALUES('20261122010000_AddAuthState','10.0.14');
CREATE TABLE IF NOT EXISTS "users" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_users" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL,
    "admin" INTEGER NOT NULL,
    "created" TEXT NOT NULL,
    "last_activity" TEXT NULL,
    "uid" INTEGER NULL,
    "gid" INTEGER NULL,
    "posix_groups" TEXT NULL,
    "last_login" TEXT NULL
);
INSERT INTO users VALUES(1,'alice',1,'2026-11-20 09:30:15.1234567','2026-11-20 10:30:15.1234567',10001,10001,'[{"name":"alice","gid":10001},{"name":"data","gid":20000}]','2026-11-20 10:29:15.1234567');
INSERT INTO users VALUES(2,'bob',0,'2026-11-21 09:30:15.1234567',NULL,NULL,NULL,NULL,NULL);
CREATE TABLE IF NOT EXISTS "groups" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_groups" PRIMARY KEY AUTOINCREMENT,
    "name" TEXT NOT NULL
);
INSERT INTO "groups" VALUES(1,'analysts');
INSERT INTO "groups" VALUES(2,'empty');
CREATE TABLE IF NOT EXISTS "group_members" (
    "group_id" INTEGER NOT NULL,
    "user_id" INTEGER NOT NULL,
    CONSTRAINT "pk_group_members" PRIMARY KEY ("group_id", "user_id"),
    CONSTRAINT "fk_group_members_groups" FOREIGN KEY ("group_id") REFERENCES "groups" ("id") ON DELETE CASCADE,
    CONSTRAINT "fk_group_members_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
INSERT INTO group_members VALUES(1,1);
INSERT INTO group_members VALUES(1,2);
CREATE TABLE IF NOT EXISTS "api_tokens" (
    "id" INTEGER NOT NULL CONSTRAINT "pk_api_tokens" PRIMARY KEY AUTOINCREMENT,
    "hash" TEXT NOT NULL,
    "prefix" TEXT NOT NULL,
    "user_id" INTEGER NOT NULL,
    "note" TEXT NOT NULL,
    "scopes" TEXT NOT NULL,
    "created" TEXT NOT NULL,
    "expires_at" TEXT NULL,
    "last_used" TEXT NULL,
    CONSTRAINT "fk_api_tokens_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
INSERT INTO api_tokens VALUES(1,'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa','abcd',1,'fixture token','inherit','2026-11-20 09:30:15.1234567','2099-01-01 00:00:00','2026-11-20 09:30:45.1234567');
CREATE TABLE IF NOT EXISTS "sessions" (
    "id_hash" TEXT NOT NULL CONSTRAINT "pk_sessions" PRIMARY KEY,
    "user_id" INTEGER NOT NULL,
    "created" TEXT NOT NULL,
    "expires_at" TEXT NOT NULL,
    CONSTRAINT "fk_sessions_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
INSERT INTO sessions VALUES('bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb',1,'2026-11-20 09:30:15.1234567','2099-01-01 00:00:00');
CREATE TABLE IF NOT EXISTS "auth_states" (
    "user_id" INTEGER NOT NULL CONSTRAINT "pk_auth_states" PRIMARY KEY,
    "encrypted" TEXT NOT NULL,
    "updated" TEXT NOT NULL,
    CONSTRAINT "fk_auth_states_users" FOREIGN KEY ("user_id") REFERENCES "users" ("id") ON DELETE CASCADE
);
INSERT INTO auth_states VALUES(1,'not-really-encrypted','2026-11-20 09:30:15.1234567');
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('groups',2);
INSERT INTO sqlite_sequence VALUES('users',2);
INSERT INTO sqlite_sequence VALUES('api_tokens',1);
CREATE UNIQUE INDEX "ix_users_name" ON "users" ("name");
CREATE UNIQUE INDEX "ix_groups_name" ON "groups" ("name");
CREATE INDEX "ix_group_members_user_id" ON "group_members" ("user_id");
CREATE UNIQUE INDEX "ix_api_tokens_hash" ON "api_tokens" ("hash");
CREATE INDEX "ix_api_tokens_user_id" ON "api_tokens" ("user_id");
CREATE INDEX "ix_sessions_user_id" ON "sessions" ("user_id");
COMMIT;

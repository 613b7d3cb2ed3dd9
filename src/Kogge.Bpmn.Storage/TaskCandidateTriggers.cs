namespace Kogge.Bpmn.Storage.EntityFramework;

/// <summary>
/// The SQL of the migration <c>TaskCandidates</c>: triggers that keep <c>BpmnTaskCandidates</c> in step with the comma
/// separated candidate lists of <c>BpmnUserTasks</c> (insert, change of a list, delete), and the fill of the rows for
/// the tasks open at migration time. Entries are trimmed; empty entries and repeats make no row.
/// </summary>
internal static class TaskCandidateTriggers
{
    private const string Whitespace = "' ' || char(9) || char(10) || char(13)";

    /// <summary>
    /// SQLite triggers cannot hold a recursive CTE, so a list is split by making it a JSON array (escaping backslash,
    /// quote and line breaks) and reading that with <c>json_each</c>.
    /// </summary>
    private static string SqliteSplit(string list) =>
        $"""json_each('["' || replace(replace(replace(replace(replace(replace({list}, '\', '\\'), '"', '\"'), char(9), '\t'), char(10), '\n'), char(13), '\r'), ',', '","') || '"]')""";

    private static string SqliteInsert(string row) => $"""
        INSERT OR IGNORE INTO "BpmnTaskCandidates" ("TaskId", "TenantId", "Kind", "Name")
        SELECT {row}."Id", {row}."TenantId", 'group', trim(g.value, {Whitespace}) FROM {SqliteSplit(row + ".\"CandidateGroups\"")} AS g
        WHERE trim(g.value, {Whitespace}) <> ''
        UNION
        SELECT {row}."Id", {row}."TenantId", 'user', trim(u.value, {Whitespace}) FROM {SqliteSplit(row + ".\"CandidateUsers\"")} AS u
        WHERE trim(u.value, {Whitespace}) <> ''
        """;

    public static readonly string SqliteUp = $"""
        CREATE TRIGGER "BpmnUserTasks_CandidatesInsert" AFTER INSERT ON "BpmnUserTasks"
        BEGIN
        {SqliteInsert("NEW")};
        END;
        CREATE TRIGGER "BpmnUserTasks_CandidatesUpdate" AFTER UPDATE OF "CandidateGroups", "CandidateUsers" ON "BpmnUserTasks"
        WHEN OLD."CandidateGroups" IS NOT NEW."CandidateGroups" OR OLD."CandidateUsers" IS NOT NEW."CandidateUsers"
        BEGIN
        DELETE FROM "BpmnTaskCandidates" WHERE "TaskId" = OLD."Id";
        {SqliteInsert("NEW")};
        END;
        CREATE TRIGGER "BpmnUserTasks_CandidatesDelete" AFTER DELETE ON "BpmnUserTasks"
        BEGIN
        DELETE FROM "BpmnTaskCandidates" WHERE "TaskId" = OLD."Id";
        END;
        INSERT OR IGNORE INTO "BpmnTaskCandidates" ("TaskId", "TenantId", "Kind", "Name")
        SELECT t."Id", t."TenantId", 'group', trim(g.value, {Whitespace}) FROM "BpmnUserTasks" AS t, {SqliteSplit("t.\"CandidateGroups\"")} AS g
        WHERE trim(g.value, {Whitespace}) <> ''
        UNION
        SELECT t."Id", t."TenantId", 'user', trim(u.value, {Whitespace}) FROM "BpmnUserTasks" AS t, {SqliteSplit("t.\"CandidateUsers\"")} AS u
        WHERE trim(u.value, {Whitespace}) <> '';
        """;

    public const string SqliteDown = """
        DROP TRIGGER "BpmnUserTasks_CandidatesInsert";
        DROP TRIGGER "BpmnUserTasks_CandidatesUpdate";
        DROP TRIGGER "BpmnUserTasks_CandidatesDelete";
        """;

    private const string PostgresEntries = """
        SELECT 'group' AS kind, unnest(string_to_array(t."CandidateGroups", ',')) AS name
        UNION ALL SELECT 'user', unnest(string_to_array(t."CandidateUsers", ','))
        """;

    public static readonly string PostgresUp = $$"""
        CREATE FUNCTION "BpmnTaskCandidatesSync"() RETURNS trigger LANGUAGE plpgsql AS $sync$
        BEGIN
            IF TG_OP <> 'INSERT' THEN
                DELETE FROM "BpmnTaskCandidates" WHERE "TaskId" = OLD."Id";
            END IF;
            IF TG_OP <> 'DELETE' THEN
                INSERT INTO "BpmnTaskCandidates" ("TaskId", "TenantId", "Kind", "Name")
                SELECT DISTINCT NEW."Id", NEW."TenantId", c.kind, left(btrim(c.name, E' \t\r\n'), 255)
                FROM (SELECT NEW."CandidateGroups", NEW."CandidateUsers") AS t("CandidateGroups", "CandidateUsers"),
                     LATERAL ({{PostgresEntries}}) AS c
                WHERE btrim(c.name, E' \t\r\n') <> ''
                ON CONFLICT DO NOTHING;
            END IF;
            RETURN NULL;
        END
        $sync$;
        CREATE TRIGGER "BpmnUserTasks_Candidates" AFTER INSERT OR DELETE ON "BpmnUserTasks"
            FOR EACH ROW EXECUTE FUNCTION "BpmnTaskCandidatesSync"();
        CREATE TRIGGER "BpmnUserTasks_CandidatesUpdate" AFTER UPDATE ON "BpmnUserTasks"
            FOR EACH ROW WHEN (OLD."CandidateGroups" IS DISTINCT FROM NEW."CandidateGroups" OR OLD."CandidateUsers" IS DISTINCT FROM NEW."CandidateUsers")
            EXECUTE FUNCTION "BpmnTaskCandidatesSync"();
        INSERT INTO "BpmnTaskCandidates" ("TaskId", "TenantId", "Kind", "Name")
        SELECT DISTINCT t."Id", t."TenantId", c.kind, left(btrim(c.name, E' \t\r\n'), 255)
        FROM "BpmnUserTasks" AS t, LATERAL ({{PostgresEntries}}) AS c
        WHERE btrim(c.name, E' \t\r\n') <> ''
        ON CONFLICT DO NOTHING;
        """;

    public const string PostgresDown = """
        DROP TRIGGER "BpmnUserTasks_Candidates" ON "BpmnUserTasks";
        DROP TRIGGER "BpmnUserTasks_CandidatesUpdate" ON "BpmnUserTasks";
        DROP FUNCTION "BpmnTaskCandidatesSync"();
        """;
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ChildIndex.Migrations.PostgreSql.Identity
{
    /// <inheritdoc />
    public partial class AuthEventsAppendOnly : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Sign-ins, refusals and token events wait here until the directory ingests them into
            // its audit trail (AuthEventIngest), and ingestion reads past a position, never back:
            // an event changed or removed before then would never be audited, and one changed after
            // would contradict the trail. So the store refuses both, as the audit tables do.
            migrationBuilder.Sql(@"CREATE FUNCTION auth_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'authentication events are append-only: % on % refused', TG_OP, TG_TABLE_NAME;
END;
$$;");
            migrationBuilder.Sql("CREATE TRIGGER \"AuthEvents_append_only\" BEFORE UPDATE OR DELETE ON \"AuthEvents\" FOR EACH ROW EXECUTE FUNCTION auth_events_append_only();");
            migrationBuilder.Sql("CREATE TRIGGER \"AuthEvents_no_truncate\" BEFORE TRUNCATE ON \"AuthEvents\" FOR EACH STATEMENT EXECUTE FUNCTION auth_events_append_only();");
            migrationBuilder.Sql("REVOKE UPDATE, DELETE, TRUNCATE ON \"AuthEvents\" FROM PUBLIC;");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuthEvents_append_only\" ON \"AuthEvents\";");
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS \"AuthEvents_no_truncate\" ON \"AuthEvents\";");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS auth_events_append_only();");
        }
    }
}

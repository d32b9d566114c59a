using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProductDescriber.Identity.Persistence.Migrations
{
    /// <summary>
    /// Every change of a user's security stamp, active flag or role, and every deletion, announces
    /// <c>SessionsRevoked</c> on the event bus from inside the database, in the changing transaction: whoever makes
    /// the change (this application, an operator's UPDATE), every Host's session cache and open sockets hear of it
    /// when it commits, and never when it does not (docs/adr/0038). The NOTIFY is the event bus's wire format
    /// (channel <c>product_describer_events</c>, envelope <c>{"Topic", "Payload"}</c>, see PostgresEventBus); a change
    /// there needs a migration here. SessionCacheTests prove the two agree.
    /// </summary>
    [DbContext(typeof(IdentityDbContext))]
    [Migration("20261207081000_AnnounceRevokedSessions")]
    internal sealed class AnnounceRevokedSessions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION identity.announce_revoked_sessions() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    PERFORM pg_notify('product_describer_events', json_build_object(
                        'Topic', 'identity.sessions-revoked',
                        'Payload', json_build_object('userId', OLD.id)::text)::text);
                    RETURN NULL;
                END
                $$;

                CREATE TRIGGER announce_revoked_sessions_on_update
                    AFTER UPDATE OF security_stamp, is_active, role ON identity.users
                    FOR EACH ROW
                    WHEN (OLD.security_stamp IS DISTINCT FROM NEW.security_stamp
                          OR OLD.is_active IS DISTINCT FROM NEW.is_active
                          OR OLD.role IS DISTINCT FROM NEW.role)
                    EXECUTE FUNCTION identity.announce_revoked_sessions();

                CREATE TRIGGER announce_revoked_sessions_on_delete
                    AFTER DELETE ON identity.users
                    FOR EACH ROW
                    EXECUTE FUNCTION identity.announce_revoked_sessions();
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                DROP TRIGGER announce_revoked_sessions_on_delete ON identity.users;
                DROP TRIGGER announce_revoked_sessions_on_update ON identity.users;
                DROP FUNCTION identity.announce_revoked_sessions();
                """);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProductDescriber.Identity.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class LoginThrottleCounters : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "login_throttle_counters",
                schema: "identity",
                columns: table => new
                {
                    key = table.Column<byte[]>(type: "bytea", nullable: false),
                    scope = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    failures = table.Column<int>(type: "integer", nullable: false),
                    pending = table.Column<int>(type: "integer", nullable: false),
                    pending_since = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    last_failure_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    blocked_until = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_login_throttle_counters", x => x.key);
                    table.CheckConstraint("ck_login_throttle_counters_key_length", "octet_length(key) = 32");
                    table.CheckConstraint("ck_login_throttle_counters_scope", "scope IN ('pair', 'address')");
                })
                .Annotation("Npgsql:UnloggedTable", true);

            migrationBuilder.CreateIndex(
                name: "ix_login_throttle_counters_expires_at",
                schema: "identity",
                table: "login_throttle_counters",
                column: "expires_at");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "login_throttle_counters",
                schema: "identity");
        }
    }
}

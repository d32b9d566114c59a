using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProductDescriber.Catalog.Persistence.Migrations
{
    /// <summary>
    /// Pending file deletions now live in the storage infrastructure's ledger (docs/adr/0023-file-ledger.md): the rows
    /// of an upgraded installation move there before their table goes, so no pending deletion is lost. The ledger's
    /// schema is migrated before every module's, so its table exists here.
    /// </summary>
    internal partial class MoveFileDeletionsToStorageLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The lock first: a Host of the previous version still running cannot add a row after the copy and
            // before the drop (the copy sees every row committed before the lock was granted).
            migrationBuilder.Sql("""
                LOCK TABLE catalog.pending_file_deletions IN ACCESS EXCLUSIVE MODE;
                INSERT INTO storage.file_ledger (storage_key, is_prefix, not_before, attempts)
                SELECT storage_key, is_prefix, not_before, attempts FROM catalog.pending_file_deletions ORDER BY id;
                """);

            migrationBuilder.DropTable(
                name: "pending_file_deletions",
                schema: "catalog");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "pending_file_deletions",
                schema: "catalog",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    is_prefix = table.Column<bool>(type: "boolean", nullable: false),
                    not_before = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    storage_key = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_pending_file_deletions", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_pending_file_deletions_not_before",
                schema: "catalog",
                table: "pending_file_deletions",
                column: "not_before");

            migrationBuilder.CreateIndex(
                name: "ix_pending_file_deletions_storage_key",
                schema: "catalog",
                table: "pending_file_deletions",
                column: "storage_key");

            // The previous version reads only its own table, so the ledger's rows go back with it (until this
            // migration Catalog was the only module that stored files).
            migrationBuilder.Sql("""
                LOCK TABLE storage.file_ledger IN ACCESS EXCLUSIVE MODE;
                INSERT INTO catalog.pending_file_deletions (storage_key, is_prefix, not_before, attempts)
                SELECT storage_key, is_prefix, not_before, attempts FROM storage.file_ledger ORDER BY id;
                DELETE FROM storage.file_ledger;
                """);
        }
    }
}

using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProductDescriber.Storage.Ledger.Migrations
{
    /// <inheritdoc />
    internal partial class InitialFileLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "storage");

            migrationBuilder.CreateTable(
                name: "file_ledger",
                schema: "storage",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    storage_key = table.Column<string>(type: "character varying(1024)", maxLength: 1024, nullable: false),
                    is_prefix = table.Column<bool>(type: "boolean", nullable: false),
                    not_before = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_file_ledger", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_file_ledger_not_before",
                schema: "storage",
                table: "file_ledger",
                column: "not_before");

            migrationBuilder.CreateIndex(
                name: "ix_file_ledger_storage_key",
                schema: "storage",
                table: "file_ledger",
                column: "storage_key");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "file_ledger",
                schema: "storage");
        }
    }
}

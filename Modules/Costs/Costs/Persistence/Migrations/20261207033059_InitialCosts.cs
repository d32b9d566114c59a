using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProductDescriber.Costs.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class InitialCosts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "costs");

            migrationBuilder.CreateTable(
                name: "budgets",
                schema: "costs",
                columns: table => new
                {
                    scope = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    subject_id = table.Column<long>(type: "bigint", nullable: false),
                    monthly_limit = table.Column<decimal>(type: "numeric(19,6)", precision: 19, scale: 6, nullable: false),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: false),
                    updated_by_id = table.Column<long>(type: "bigint", nullable: true),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_budgets", x => new { x.scope, x.subject_id });
                    table.CheckConstraint("ck_budgets_limit", "monthly_limit >= 0");
                    table.CheckConstraint("ck_budgets_scope", "scope IN ('USER', 'PRODUCT')");
                });

            migrationBuilder.CreateTable(
                name: "ledger_entries",
                schema: "costs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    kind = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    provider = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    user_id = table.Column<long>(type: "bigint", nullable: true),
                    generation_request_id = table.Column<long>(type: "bigint", nullable: true),
                    analysis_run_id = table.Column<long>(type: "bigint", nullable: true),
                    specification_version = table.Column<int>(type: "integer", nullable: true),
                    resolution = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: true),
                    images = table.Column<int>(type: "integer", nullable: false),
                    input_tokens = table.Column<int>(type: "integer", nullable: true),
                    output_tokens = table.Column<int>(type: "integer", nullable: true),
                    duration_ms = table.Column<long>(type: "bigint", nullable: false),
                    outcome = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    amount = table.Column<decimal>(type: "numeric(19,6)", precision: 19, scale: 6, nullable: true),
                    currency = table.Column<string>(type: "character(3)", fixedLength: true, maxLength: 3, nullable: true),
                    unpriced_reason = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    price_from = table.Column<DateOnly>(type: "date", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ledger_entries", x => x.id);
                    table.CheckConstraint("ck_ledger_entries_images", "images >= 0");
                    table.CheckConstraint("ck_ledger_entries_kind", "kind IN ('IMAGE', 'VISION')");
                    table.CheckConstraint("ck_ledger_entries_priced", "(amount IS NULL) = (currency IS NULL) AND (amount IS NULL) = (unpriced_reason IS NOT NULL)");
                });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_analysis_run_id",
                schema: "costs",
                table: "ledger_entries",
                column: "analysis_run_id",
                filter: "analysis_run_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_at",
                schema: "costs",
                table: "ledger_entries",
                column: "at");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_generation_request_id",
                schema: "costs",
                table: "ledger_entries",
                column: "generation_request_id",
                filter: "generation_request_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_idempotency_key",
                schema: "costs",
                table: "ledger_entries",
                column: "idempotency_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_product_id_at",
                schema: "costs",
                table: "ledger_entries",
                columns: new[] { "product_id", "at" });

            migrationBuilder.CreateIndex(
                name: "ix_ledger_entries_user_id_at",
                schema: "costs",
                table: "ledger_entries",
                columns: new[] { "user_id", "at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "budgets",
                schema: "costs");

            migrationBuilder.DropTable(
                name: "ledger_entries",
                schema: "costs");
        }
    }
}

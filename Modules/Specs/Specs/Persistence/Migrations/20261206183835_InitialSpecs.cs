using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProductDescriber.Specs.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class InitialSpecs : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "specs");

            migrationBuilder.CreateTable(
                name: "analysis_runs",
                schema: "specs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    provider = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    template_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    template_version = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    use_template = table.Column<bool>(type: "boolean", nullable: false),
                    reference_image_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    images_sent = table.Column<int>(type: "integer", nullable: true),
                    requested_by_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    input_tokens = table.Column<int>(type: "integer", nullable: true),
                    output_tokens = table.Column<int>(type: "integer", nullable: true),
                    duration_ms = table.Column<long>(type: "bigint", nullable: true),
                    error_kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    error_message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    raw_reply = table.Column<string>(type: "text", nullable: true),
                    validation_issues = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'[]'::jsonb"),
                    specification_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analysis_runs", x => x.id);
                    table.CheckConstraint("ck_analysis_runs_attempts", "attempts >= 0");
                    table.CheckConstraint("ck_analysis_runs_status", "status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED')");
                });

            migrationBuilder.CreateTable(
                name: "specifications",
                schema: "specs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    yaml_content = table.Column<string>(type: "text", nullable: false),
                    template_name = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    template_version = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: true),
                    source = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    analysis_run_id = table.Column<long>(type: "bigint", nullable: true),
                    based_on_version = table.Column<int>(type: "integer", nullable: true),
                    change_notes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    validation_issues = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'[]'::jsonb"),
                    primary_dimensions = table.Column<string>(type: "jsonb", nullable: true),
                    primary_colors = table.Column<string>(type: "jsonb", nullable: true),
                    material_type = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    confidence_overall = table.Column<double>(type: "double precision", nullable: true),
                    field_confidences = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'{}'::jsonb"),
                    created_by_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    activated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    activated_by_id = table.Column<long>(type: "bigint", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_specifications", x => x.id);
                    table.CheckConstraint("ck_specifications_confidence_overall", "confidence_overall IS NULL OR confidence_overall BETWEEN 0 AND 1");
                    table.CheckConstraint("ck_specifications_source", "source IN ('ANALYSIS', 'EDIT')");
                    table.CheckConstraint("ck_specifications_version", "version >= 1");
                    table.ForeignKey(
                        name: "fk_specifications_analysis_runs_analysis_run_id",
                        column: x => x.analysis_run_id,
                        principalSchema: "specs",
                        principalTable: "analysis_runs",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "specification_activations",
                schema: "specs",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    specification_id = table.Column<long>(type: "bigint", nullable: false),
                    version = table.Column<int>(type: "integer", nullable: false),
                    activated_by_id = table.Column<long>(type: "bigint", nullable: true),
                    activated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    reason = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_specification_activations", x => x.id);
                    table.CheckConstraint("ck_specification_activations_reason", "reason IN ('CREATED', 'ACTIVATED')");
                    table.ForeignKey(
                        name: "fk_specification_activations_specifications_specification_id",
                        column: x => x.specification_id,
                        principalSchema: "specs",
                        principalTable: "specifications",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Specs has no Product entity: its rows follow catalog.products by these keys, so deleting a product
            // deletes its runs, versions and activation history (the files go with the product's storage folder).
            migrationBuilder.AddForeignKey(
                name: "fk_analysis_runs_products_product_id",
                schema: "specs",
                table: "analysis_runs",
                column: "product_id",
                principalSchema: "catalog",
                principalTable: "products",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_specifications_products_product_id",
                schema: "specs",
                table: "specifications",
                column: "product_id",
                principalSchema: "catalog",
                principalTable: "products",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_specification_activations_products_product_id",
                schema: "specs",
                table: "specification_activations",
                column: "product_id",
                principalSchema: "catalog",
                principalTable: "products",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.CreateIndex(
                name: "ix_analysis_runs_product_id_created_at_id",
                schema: "specs",
                table: "analysis_runs",
                columns: new[] { "product_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_analysis_runs_unfinished",
                schema: "specs",
                table: "analysis_runs",
                column: "created_at",
                filter: "status IN ('PENDING', 'RUNNING')");

            migrationBuilder.CreateIndex(
                name: "ix_specification_activations_product_id_activated_at",
                schema: "specs",
                table: "specification_activations",
                columns: new[] { "product_id", "activated_at" });

            migrationBuilder.CreateIndex(
                name: "ix_specification_activations_specification_id",
                schema: "specs",
                table: "specification_activations",
                column: "specification_id");

            migrationBuilder.CreateIndex(
                name: "ix_specifications_analysis_run_id",
                schema: "specs",
                table: "specifications",
                column: "analysis_run_id",
                unique: true,
                filter: "analysis_run_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_specifications_product_id_version",
                schema: "specs",
                table: "specifications",
                columns: new[] { "product_id", "version" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_specifications_one_active",
                schema: "specs",
                table: "specifications",
                column: "product_id",
                unique: true,
                filter: "is_active");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "specification_activations",
                schema: "specs");

            migrationBuilder.DropTable(
                name: "specifications",
                schema: "specs");

            migrationBuilder.DropTable(
                name: "analysis_runs",
                schema: "specs");
        }
    }
}

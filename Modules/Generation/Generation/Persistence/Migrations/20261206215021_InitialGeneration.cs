using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace ProductDescriber.Generation.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class InitialGeneration : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "generation");

            migrationBuilder.CreateTable(
                name: "generation_requests",
                schema: "generation",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    requested_by_id = table.Column<long>(type: "bigint", nullable: true),
                    idempotency_key = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    prompt = table.Column<string>(type: "text", nullable: false),
                    custom_prompt_override = table.Column<string>(type: "text", nullable: true),
                    effective_prompt = table.Column<string>(type: "text", nullable: false),
                    prompt_sha256 = table.Column<string>(type: "character(64)", fixedLength: true, maxLength: 64, nullable: false),
                    uncertain_fields = table.Column<string[]>(type: "text[]", nullable: false),
                    aspect_ratio = table.Column<string>(type: "character varying(10)", maxLength: 10, nullable: false),
                    resolution = table.Column<string>(type: "character varying(4)", maxLength: 4, nullable: false),
                    count = table.Column<int>(type: "integer", nullable: false),
                    seed = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    specification_id = table.Column<long>(type: "bigint", nullable: false),
                    specification_version = table.Column<int>(type: "integer", nullable: false),
                    provider = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    reference_image_ids = table.Column<long[]>(type: "bigint[]", nullable: false),
                    regenerated_from_id = table.Column<long>(type: "bigint", nullable: true),
                    status = table.Column<string>(type: "character varying(20)", maxLength: 20, nullable: false),
                    images_done = table.Column<int>(type: "integer", nullable: false),
                    attempts = table.Column<int>(type: "integer", nullable: false),
                    input_tokens = table.Column<int>(type: "integer", nullable: true),
                    output_tokens = table.Column<int>(type: "integer", nullable: true),
                    duration_ms = table.Column<long>(type: "bigint", nullable: true),
                    failures = table.Column<string>(type: "jsonb", nullable: false, defaultValueSql: "'[]'::jsonb"),
                    error_kind = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: true),
                    error_message = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: true),
                    cancel_requested_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    started_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    completed_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_generation_requests", x => x.id);
                    table.CheckConstraint("ck_generation_requests_count", "count BETWEEN 1 AND 8");
                    table.CheckConstraint("ck_generation_requests_images_done", "images_done BETWEEN 0 AND count");
                    table.CheckConstraint("ck_generation_requests_resolution", "resolution IN ('1K', '2K', '4K')");
                    table.CheckConstraint("ck_generation_requests_status", "status IN ('PENDING', 'RUNNING', 'SUCCEEDED', 'PARTIAL', 'FAILED', 'CANCELLED')");
                    table.ForeignKey(
                        name: "fk_generation_requests_generation_requests_regenerated_from_id",
                        column: x => x.regenerated_from_id,
                        principalSchema: "generation",
                        principalTable: "generation_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "generated_images",
                schema: "generation",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    request_id = table.Column<long>(type: "bigint", nullable: false),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    index = table.Column<int>(type: "integer", nullable: false),
                    specification_version = table.Column<int>(type: "integer", nullable: false),
                    storage_key = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    mime_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    model = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    model_text = table.Column<string>(type: "character varying(8000)", maxLength: 8000, nullable: true),
                    digital_source_type = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_generated_images", x => x.id);
                    table.CheckConstraint("ck_generated_images_index", "index BETWEEN 0 AND 7");
                    table.CheckConstraint("ck_generated_images_size", "width > 0 AND height > 0 AND size_bytes > 0");
                    table.ForeignKey(
                        name: "fk_generated_images_generation_requests_request_id",
                        column: x => x.request_id,
                        principalSchema: "generation",
                        principalTable: "generation_requests",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Generation has no Product entity: its rows follow catalog.products by these keys, so deleting a product
            // deletes its requests and images (the files go with the product's storage folder).
            migrationBuilder.AddForeignKey(
                name: "fk_generation_requests_products_product_id",
                schema: "generation",
                table: "generation_requests",
                column: "product_id",
                principalSchema: "catalog",
                principalTable: "products",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.AddForeignKey(
                name: "fk_generated_images_products_product_id",
                schema: "generation",
                table: "generated_images",
                column: "product_id",
                principalSchema: "catalog",
                principalTable: "products",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);

            migrationBuilder.CreateIndex(
                name: "ix_generated_images_product_id_created_at_id",
                schema: "generation",
                table: "generated_images",
                columns: new[] { "product_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_generated_images_product_id_specification_version",
                schema: "generation",
                table: "generated_images",
                columns: new[] { "product_id", "specification_version" });

            migrationBuilder.CreateIndex(
                name: "ix_generated_images_request_id_index",
                schema: "generation",
                table: "generated_images",
                columns: new[] { "request_id", "index" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_generation_requests_product_id_created_at_id",
                schema: "generation",
                table: "generation_requests",
                columns: new[] { "product_id", "created_at", "id" });

            migrationBuilder.CreateIndex(
                name: "ix_generation_requests_regenerated_from_id",
                schema: "generation",
                table: "generation_requests",
                column: "regenerated_from_id");

            migrationBuilder.CreateIndex(
                name: "ix_generation_requests_requested_by_id_idempotency_key",
                schema: "generation",
                table: "generation_requests",
                columns: new[] { "requested_by_id", "idempotency_key" },
                unique: true,
                filter: "idempotency_key IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_generation_requests_unfinished",
                schema: "generation",
                table: "generation_requests",
                column: "created_at",
                filter: "status IN ('PENDING', 'RUNNING')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "generated_images",
                schema: "generation");

            migrationBuilder.DropTable(
                name: "generation_requests",
                schema: "generation");
        }
    }
}

using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;
using NpgsqlTypes;

#nullable disable

namespace ProductDescriber.Catalog.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class InitialCatalog : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.EnsureSchema(
                name: "catalog");

            // A stored generated column needs immutable functions; array_to_string is only stable in general (for
            // arbitrary element types), but is immutable for text[].
            migrationBuilder.Sql("""
                CREATE FUNCTION catalog.tags_text(tags text[]) RETURNS text
                LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
                AS $$ SELECT array_to_string(tags, ' ') $$;
                """);

            migrationBuilder.CreateTable(
                name: "pending_file_deletions",
                schema: "catalog",
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
                    table.PrimaryKey("pk_pending_file_deletions", x => x.id);
                });

            migrationBuilder.CreateTable(
                name: "products",
                schema: "catalog",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    slug = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    category = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    tags = table.Column<List<string>>(type: "text[]", nullable: false, defaultValueSql: "'{}'::text[]"),
                    archived_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_by_id = table.Column<long>(type: "bigint", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    storage_folder = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false, computedColumnSql: "setweight(to_tsvector('english', name), 'A') || setweight(to_tsvector('english', coalesce(category, '')), 'B') || setweight(to_tsvector('english', coalesce(catalog.tags_text(tags), '')), 'B') || setweight(to_tsvector('english', coalesce(description, '')), 'C')", stored: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_products", x => x.id);
                    table.CheckConstraint("ck_products_name_not_blank", "btrim(name) <> ''");
                    table.CheckConstraint("ck_products_slug_format", "slug ~ '^[a-z0-9_-]+$'");
                    table.CheckConstraint("ck_products_tags_count", "cardinality(tags) <= 30");
                });

            migrationBuilder.CreateTable(
                name: "reference_images",
                schema: "catalog",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityAlwaysColumn),
                    product_id = table.Column<long>(type: "bigint", nullable: false),
                    file_name = table.Column<string>(type: "character varying(255)", maxLength: 255, nullable: false),
                    storage_key = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    mime_type = table.Column<string>(type: "character varying(50)", maxLength: 50, nullable: false),
                    size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    is_primary = table.Column<bool>(type: "boolean", nullable: false),
                    display_order = table.Column<int>(type: "integer", nullable: false),
                    uploaded_by_id = table.Column<long>(type: "bigint", nullable: true),
                    uploaded_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_reference_images", x => x.id);
                    table.CheckConstraint("ck_reference_images_display_order", "display_order >= 1");
                    table.CheckConstraint("ck_reference_images_mime_type", "mime_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/gif')");
                    table.ForeignKey(
                        name: "fk_reference_images_products_product_id",
                        column: x => x.product_id,
                        principalSchema: "catalog",
                        principalTable: "products",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
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

            migrationBuilder.CreateIndex(
                name: "ix_products_created_at",
                schema: "catalog",
                table: "products",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_products_created_by_id",
                schema: "catalog",
                table: "products",
                column: "created_by_id");

            migrationBuilder.CreateIndex(
                name: "ix_products_search_vector",
                schema: "catalog",
                table: "products",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_products_slug",
                schema: "catalog",
                table: "products",
                column: "slug",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_products_storage_folder",
                schema: "catalog",
                table: "products",
                column: "storage_folder",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_products_tags",
                schema: "catalog",
                table: "products",
                column: "tags")
                .Annotation("Npgsql:IndexMethod", "gin");

            migrationBuilder.CreateIndex(
                name: "ix_products_updated_at",
                schema: "catalog",
                table: "products",
                column: "updated_at");

            migrationBuilder.CreateIndex(
                name: "ix_reference_images_storage_key",
                schema: "catalog",
                table: "reference_images",
                column: "storage_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ux_reference_images_one_primary",
                schema: "catalog",
                table: "reference_images",
                column: "product_id",
                unique: true,
                filter: "is_primary");

            // Deferred to commit, so a reorder renumbers every image in one statement without tripping over itself.
            migrationBuilder.Sql("""
                ALTER TABLE catalog.reference_images
                ADD CONSTRAINT uq_reference_images_display_order UNIQUE (product_id, display_order) DEFERRABLE INITIALLY DEFERRED;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "pending_file_deletions",
                schema: "catalog");

            migrationBuilder.DropTable(
                name: "reference_images",
                schema: "catalog");

            migrationBuilder.DropTable(
                name: "products",
                schema: "catalog");

            migrationBuilder.Sql("DROP FUNCTION catalog.tags_text(text[]);");
        }
    }
}

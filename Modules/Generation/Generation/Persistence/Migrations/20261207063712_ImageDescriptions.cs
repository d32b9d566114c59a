using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProductDescriber.Generation.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class ImageDescriptions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<bool>(
                name: "describe_images",
                schema: "generation",
                table: "generation_requests",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<string>(
                name: "describe_provider",
                schema: "generation",
                table: "generation_requests",
                type: "character varying(100)",
                maxLength: 100,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "description",
                schema: "generation",
                table: "generated_images",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "description_status",
                schema: "generation",
                table: "generated_images",
                type: "character varying(10)",
                maxLength: 10,
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_generated_images_undescribed",
                schema: "generation",
                table: "generated_images",
                column: "created_at",
                filter: "description_status IN ('PENDING', 'RUNNING')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_generated_images_description_status",
                schema: "generation",
                table: "generated_images",
                sql: "description_status IN ('PENDING', 'RUNNING', 'DONE', 'FAILED')");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_generated_images_undescribed",
                schema: "generation",
                table: "generated_images");

            migrationBuilder.DropCheckConstraint(
                name: "ck_generated_images_description_status",
                schema: "generation",
                table: "generated_images");

            migrationBuilder.DropColumn(
                name: "describe_images",
                schema: "generation",
                table: "generation_requests");

            migrationBuilder.DropColumn(
                name: "describe_provider",
                schema: "generation",
                table: "generation_requests");

            migrationBuilder.DropColumn(
                name: "description",
                schema: "generation",
                table: "generated_images");

            migrationBuilder.DropColumn(
                name: "description_status",
                schema: "generation",
                table: "generated_images");
        }
    }
}

using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ProductDescriber.Generation.Persistence.Migrations
{
    /// <inheritdoc />
    internal partial class ImageFidelity : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "fidelity",
                schema: "generation",
                table: "generated_images",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "fidelity_flagged",
                schema: "generation",
                table: "generated_images",
                type: "boolean",
                nullable: true);

            migrationBuilder.AddColumn<double>(
                name: "fidelity_score",
                schema: "generation",
                table: "generated_images",
                type: "double precision",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "fidelity",
                schema: "generation",
                table: "generated_images");

            migrationBuilder.DropColumn(
                name: "fidelity_flagged",
                schema: "generation",
                table: "generated_images");

            migrationBuilder.DropColumn(
                name: "fidelity_score",
                schema: "generation",
                table: "generated_images");
        }
    }
}

using GraphQL.Types;

namespace ProductDescriber.Generation.Fidelity;

internal sealed class ImageFidelityGraphType : ObjectGraphType<ImageFidelity>
{
    public ImageFidelityGraphType()
    {
        Name = "ImageFidelity";
        Description = "How faithful a generated image is to its specification's colours and proportions, measured once when it was stored. When it could not be measured, `reason` says why and the figures are null.";
        Field(f => f.Score, nullable: true).Description("0 to 100: 100 - 4 x deltaE, floored at 0. Null when not measured.");
        Field(f => f.DeltaE, nullable: true).Description("Mean CIEDE2000 difference between the specification's colours and the nearest dominant colours of the product region. About 1 is just noticeable; above 10 reads as another colour.");
        Field(f => f.Flagged, nullable: true).Description("Whether deltaE exceeds the configured threshold (Generation:FidelityDeltaEThreshold). Null when not measured.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<FidelityColourGraphType>>>>("colours")
            .Description("Each specification colour and the measured colour matched with it.")
            .Resolve(ctx => ctx.Source.Colours);
        Field(f => f.AspectError, nullable: true).Description("|measured / specified - 1| of the product's width-to-height ratio; null when the specification has no proportions or nothing was measured.");
        Field(f => f.MeasuredAspectRatio, nullable: true).Description("Width over height of the product region found.");
        Field(f => f.Reason, nullable: true).Description("Why nothing was measured (no colours in the specification, no product region found); null when measured.");
    }
}

internal sealed class FidelityColourGraphType : ObjectGraphType<FidelityColour>
{
    public FidelityColourGraphType()
    {
        Name = "FidelityColour";
        Description = "One colour of the specification and the dominant colour of the image matched with it.";
        Field(f => f.Role).Description("primary, secondary or accent.");
        Field(f => f.Target).Description("The specification's colour, #RRGGBB.");
        Field(f => f.Measured).Description("The nearest dominant colour of the product region, #RRGGBB.");
        Field(f => f.DeltaE).Description("Their CIEDE2000 difference.");
    }
}

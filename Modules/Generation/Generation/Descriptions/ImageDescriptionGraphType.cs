using GraphQL.Types;

namespace ProductDescriber.Generation.Descriptions;

internal sealed class ImageDescriptionGraphType : ObjectGraphType<ImageDescription>
{
    public ImageDescriptionGraphType()
    {
        Name = "ImageDescription";
        Description = "A generated image described back into its specification's template by a vision provider, and where that description differs from the specification. A failed description never fails the image.";
        Field<NonNullGraphType<ImageDescriptionStatusGraphType>>("status").Description("PENDING, RUNNING, DONE or FAILED.").Resolve(ctx => ctx.Source.Status);
        Field(d => d.Attempt).Description("Descriptions asked for this image so far (this one included): each is one paid vision call.");
        Field(d => d.Provider).Description("The vision provider's name.");
        Field(d => d.Model, nullable: true).Description("The model that answered, as the provider reported; null until it answered.");
        Field(d => d.SpecificationVersion).Description("The specification version compared with: the one the image was made from.");
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<DescriptionChangeGraphType>>>>("changes")
            .Description("Where the image differs from the specification, one entry per leaf (or subtree) added, removed or changed, in the specification's order; empty until DONE, and when the image matches.")
            .Resolve(ctx => ctx.Source.Changes);
        Field(d => d.Yaml, nullable: true).Description("The description as YAML (the template filled from the image); null unless DONE.");
        Field(d => d.ErrorKind, nullable: true).Description("Why it FAILED: the provider's error kind (RATE_LIMITED, AUTHENTICATION, ...), EMPTY_REPLY, UNPARSEABLE_REPLY, INVALID_REPLY, TIMEOUT, ...; null otherwise.");
        Field(d => d.ErrorMessage, nullable: true).Description("Why it failed, for people.");
        Field(d => d.InputTokens, nullable: true).Description("Tokens the provider read, when it reports them.");
        Field(d => d.OutputTokens, nullable: true).Description("Tokens the provider wrote, when it reports them.");
        Field(d => d.RequestedAt).Description("When it was asked for.");
        Field(d => d.CompletedAt, nullable: true).Description("When it reached DONE or FAILED.");
    }
}

internal sealed class DescriptionChangeGraphType : ObjectGraphType<DescriptionChange>
{
    public DescriptionChangeGraphType()
    {
        Name = "DescriptionChange";
        Description = "One place where a generated image's description differs from its specification (the same comparison as `Specification.diff`).";
        Field(c => c.Path).Description("The leaf (or subtree) that differs, e.g. `colors.primary.hex`.");
        Field(c => c.Before, nullable: true).Description("The specification's value (YAML flow text); null when the specification lacks it.");
        Field(c => c.After, nullable: true).Description("The value described from the image (YAML flow text); null when the description lacks it.");
        Field(c => c.Kind).Description("ADDED, REMOVED or CHANGED.");
    }
}

internal sealed class ImageDescriptionStatusGraphType : EnumerationGraphType
{
    public ImageDescriptionStatusGraphType()
    {
        Name = "ImageDescriptionStatus";
        Description = "Where an image's description stands.";
        Add(DescriptionStatus.Pending, DescriptionStatus.Pending, "Asked for; its job has not started.");
        Add(DescriptionStatus.Running, DescriptionStatus.Running, "The vision provider is being asked.");
        Add(DescriptionStatus.Done, DescriptionStatus.Done, "Described and compared: see `changes`.");
        Add(DescriptionStatus.Failed, DescriptionStatus.Failed, "Could not be described: see `errorKind`.");
    }
}

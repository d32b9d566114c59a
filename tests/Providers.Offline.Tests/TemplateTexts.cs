namespace ProductDescriber.Providers.Offline.Tests;

/// <summary>
/// Templates written here, in the format Specs ships (every leaf a placeholder, its rule in a comment on its line),
/// so these tests depend on the format and not on the text of Specs' own template file.
/// </summary>
internal static class TemplateTexts
{
    /// <summary>Shaped like product-analysis 1.0: ten sections, enumerations, a confidence per measured field.</summary>
    public const string ProductAnalysis10 = """
        # Product analysis template 1.0. Null when unknown; confidences 0..1; lengths in millimetres.
        metadata:
          template_version: "1.0"  # string
          product_name: null  # string
          analysis_date: null  # date
          image_count: null  # integer
          confidence_overall: null  # confidence
        dimensions:
          primary:
            width:
              value: null  # number
              unit: mm  # enum: mm
              confidence: null  # confidence
              measurement_basis: null  # string
            height:
              value: null  # number
              unit: mm  # enum: mm
              confidence: null  # confidence
              measurement_basis: null  # string
            depth:
              value: null  # number
              unit: mm  # enum: mm
              confidence: null  # confidence
              measurement_basis: null  # string
          aspect_ratios:
            width_to_height: null  # number
            depth_to_width: null  # number
          scale_required: null  # boolean
        geometry:
          corner_radii:
            top_left:
              radius: null  # number
              confidence: null  # confidence
            bottom_right:
              radius: null  # number
              confidence: null  # confidence
          edges:
            top:
              shape: null  # enum: straight | curved | arched
              curvature_details: null  # string
          symmetry:
            horizontal: null  # boolean
            vertical: null  # boolean
            asymmetry_notes: null  # string
        colors:
          primary:
            hex: null  # hex
            rgb: []  # list of integer
            name: null  # string
            coverage_percentage: null  # number
            confidence: null  # confidence
          secondary:
            hex: null  # hex
            rgb: []  # list of integer
            name: null  # string
            coverage_percentage: null  # number
            confidence: null  # confidence
          accent:
            hex: null  # hex
            rgb: []  # list of integer
            name: null  # string
            coverage_percentage: null  # number
            confidence: null  # confidence
          label_colors:
            background: null  # hex
            text: null  # hex
            graphics: []  # list of hex
        materials:
          primary_material:
            type: null  # enum: silicone | plastic | glass | metal | paper | fabric
            finish: null  # enum: matte | glossy | semi-gloss | textured
            rigidity: null  # enum: rigid | flexible | semi-flexible
            confidence: null  # confidence
          optical_properties:
            transparency:
              type: null  # enum: opaque | translucent | transparent
              percentage: null  # number
              confidence: null  # confidence
            reflection:
              type: null  # enum: none | diffuse | specular | mixed
              intensity: null  # enum: low | medium | high
          surface_texture:
            type: null  # enum: smooth | rough | embossed | grain
            description: null  # string
        labels:
          present: null  # boolean
          primary_label:
            position: null  # enum: front | back | top | bottom | side
            content:
              text: null  # string
        deformation:
          applies: null  # boolean
          when_filled:
            shape_change: null  # string
        keypoints:
          silhouette:
            points: []  # list of point
            point_count: null  # integer
          features: []  # list of object
        analysis_notes:
          measurement_challenges: []  # list of string
          assumptions_made: []  # list of string
          cross_image_conflicts: []  # list of string
          recommended_additional_images: []  # list of string
        uncertainty:
          highest_confidence_fields: []  # list of string
          lowest_confidence_fields: []  # list of string
          fields_requiring_validation: []  # list of string
        """;

    /// <summary>
    /// A later version the provider has never seen: colours renamed to <c>palette</c>, a new <c>packaging</c>
    /// section, a new leaf in metadata, a fourth measured axis (<c>diameter</c>), no <c>uncertainty</c> section, and
    /// transparency with a <c>basis</c> key.
    /// </summary>
    public const string ProductAnalysis20 = """
        metadata:
          template_version: "2.0"  # string
          analysis_date: null  # date
          image_count: null  # integer
          photographer: null  # string
        dimensions:
          primary:
            width:
              value: null  # number
              measurement_basis: null  # string
            diameter:
              value: null  # number
              measurement_basis: null  # string
          aspect_ratios:
            width_to_height: null  # number
        palette:
          primary:
            hex: null  # hex
            name: null  # string
        materials:
          optical_properties:
            transparency:
              type: null  # enum: opaque | translucent | transparent
              basis: null  # string
        packaging:
          type: null  # enum: box | bag | none
          barcode: null  # string
        analysis_notes:
          measurement_challenges: []  # list of string
        """;

    /// <summary><see cref="ProductAnalysis10"/> with the transparency enumeration replaced.</summary>
    public static string WithTransparencyEnum(params string[] allowed) =>
        ProductAnalysis10.Replace(
            "type: null  # enum: opaque | translucent | transparent",
            "type: null  # enum: " + string.Join(" | ", allowed),
            StringComparison.Ordinal);
}

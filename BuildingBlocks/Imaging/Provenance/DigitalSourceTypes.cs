namespace ProductDescriber.Imaging.Provenance;

/// <summary>IPTC Digital Source Type terms (the NewsCodes vocabulary that <c>Iptc4xmpExt:DigitalSourceType</c>
/// takes), the ones Product Describer's images are.</summary>
public static class DigitalSourceTypes
{
    /// <summary>Made by a generative model from a prompt and reference images.</summary>
    public const string TrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/trainedAlgorithmicMedia";

    /// <summary>A composite in which generated material is combined with captured material (the Offline compositor).</summary>
    public const string CompositeWithTrainedAlgorithmicMedia = "http://cv.iptc.org/newscodes/digitalsourcetype/compositeWithTrainedAlgorithmicMedia";
}

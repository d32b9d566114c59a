namespace ProductDescriber.Imaging;

/// <summary>The encoded formats this library reads: the ones browsers show everywhere.</summary>
public enum ImageFormat
{
    Jpeg,
    Png,
    WebP,
    Gif,
}

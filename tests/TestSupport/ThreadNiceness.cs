using System.Globalization;

namespace ProductDescriber.TestSupport;

public static class ThreadNiceness
{
    /// <summary>The nice value of the calling thread (Linux): field 19 of /proc/thread-self/stat, counted after the name's closing parenthesis.</summary>
    public static int OfCurrentThread()
    {
        var stat = File.ReadAllText("/proc/thread-self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[19 - 3], CultureInfo.InvariantCulture);
    }
}

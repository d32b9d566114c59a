namespace ProductDescriber.Imaging.Colour;

/// <summary>Dominant colours of a set of Lab samples: median cut for the seeds, then k-means, then merging of
/// clusters closer than a visible difference. Deterministic: same samples in the same order, same result.</summary>
public static class Palette
{
    public readonly record struct Cluster(Lab Centre, double Share);

    public static IReadOnlyList<Cluster> Extract(IReadOnlyList<Lab> samples, int k = 8, double mergeBelow = 12, double dropBelowShare = 0.015)
    {
        if (samples.Count == 0)
        {
            return [];
        }

        var centres = MedianCut(samples, k);
        var assignment = new int[samples.Count];
        for (var iteration = 0; iteration < 12; iteration++)
        {
            Assign(samples, centres, assignment);
            centres = Recentre(samples, centres, assignment);
        }

        Assign(samples, centres, assignment);
        var counts = new double[centres.Count];
        foreach (var index in assignment)
        {
            counts[index]++;
        }

        var clusters = centres.Select((centre, i) => new Cluster(centre, counts[i] / samples.Count))
            .Where(c => c.Share > 0)
            .ToList();
        clusters = Merge(clusters, mergeBelow);
        return [.. clusters.Where(c => c.Share >= dropBelowShare)
            .OrderByDescending(c => c.Share).ThenBy(c => c.Centre.L).ThenBy(c => c.Centre.A).ThenBy(c => c.Centre.B)];
    }

    private static List<Lab> MedianCut(IReadOnlyList<Lab> samples, int k)
    {
        var boxes = new List<List<Lab>> { samples.ToList() };
        while (boxes.Count < k)
        {
            var (box, axis, range) = boxes
                .Select(b => (Box: b, Widest: Widest(b)))
                .Where(b => b.Box.Count > 1)
                .Select(b => (b.Box, b.Widest.Axis, b.Widest.Range))
                .OrderByDescending(b => b.Range * Math.Sqrt(b.Box.Count))
                .FirstOrDefault();
            if (box is null || range < 1)
            {
                break;
            }

            var sorted = box.OrderBy(c => Component(c, axis)).ToList();
            var half = sorted.Count / 2;
            boxes.Remove(box);
            boxes.Add(sorted[..half]);
            boxes.Add(sorted[half..]);
        }

        return [.. boxes.Select(Mean)];
    }

    private static (int Axis, double Range) Widest(List<Lab> box)
    {
        var best = (Axis: 0, Range: -1.0);
        for (var axis = 0; axis < 3; axis++)
        {
            var min = double.MaxValue;
            var max = double.MinValue;
            foreach (var c in box)
            {
                var v = Component(c, axis);
                min = Math.Min(min, v);
                max = Math.Max(max, v);
            }

            if (max - min > best.Range)
            {
                best = (axis, max - min);
            }
        }

        return best;
    }

    private static double Component(Lab c, int axis) => axis switch { 0 => c.L, 1 => c.A, _ => c.B };

    private static Lab Mean(List<Lab> box)
    {
        double l = 0, a = 0, b = 0;
        foreach (var c in box)
        {
            l += c.L;
            a += c.A;
            b += c.B;
        }

        return new Lab(l / box.Count, a / box.Count, b / box.Count);
    }

    private static void Assign(IReadOnlyList<Lab> samples, List<Lab> centres, int[] assignment)
    {
        for (var i = 0; i < samples.Count; i++)
        {
            var best = 0;
            var bestDistance = double.MaxValue;
            for (var c = 0; c < centres.Count; c++)
            {
                var distance = samples[i].DistanceTo(centres[c]);
                if (distance < bestDistance)
                {
                    best = c;
                    bestDistance = distance;
                }
            }

            assignment[i] = best;
        }
    }

    private static List<Lab> Recentre(IReadOnlyList<Lab> samples, List<Lab> centres, int[] assignment)
    {
        var sums = new double[centres.Count, 4];
        for (var i = 0; i < samples.Count; i++)
        {
            var c = assignment[i];
            sums[c, 0] += samples[i].L;
            sums[c, 1] += samples[i].A;
            sums[c, 2] += samples[i].B;
            sums[c, 3]++;
        }

        return [.. centres.Select((centre, c) => sums[c, 3] == 0
            ? centre
            : new Lab(sums[c, 0] / sums[c, 3], sums[c, 1] / sums[c, 3], sums[c, 2] / sums[c, 3]))];
    }

    private static List<Cluster> Merge(List<Cluster> clusters, double mergeBelow)
    {
        while (true)
        {
            var pair = (I: -1, J: -1, Distance: double.MaxValue);
            for (var i = 0; i < clusters.Count; i++)
            {
                for (var j = i + 1; j < clusters.Count; j++)
                {
                    var distance = clusters[i].Centre.DistanceTo(clusters[j].Centre);
                    if (distance < pair.Distance)
                    {
                        pair = (i, j, distance);
                    }
                }
            }

            if (pair.I < 0 || pair.Distance >= mergeBelow)
            {
                return clusters;
            }

            var (a, b) = (clusters[pair.I], clusters[pair.J]);
            var share = a.Share + b.Share;
            var merged = new Cluster(
                new Lab(
                    ((a.Centre.L * a.Share) + (b.Centre.L * b.Share)) / share,
                    ((a.Centre.A * a.Share) + (b.Centre.A * b.Share)) / share,
                    ((a.Centre.B * a.Share) + (b.Centre.B * b.Share)) / share),
                share);
            clusters.RemoveAt(pair.J);
            clusters[pair.I] = merged;
        }
    }
}

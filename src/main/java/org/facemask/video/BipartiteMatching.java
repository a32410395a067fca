package org.facemask.video;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.jgrapht.alg.matching.MaximumWeightBipartiteMatching;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;

/** Maximum-weight one-to-one matching of rows to columns (JGraphT's Hungarian-type algorithm). */
final class BipartiteMatching {

    private BipartiteMatching() {}

    /**
     * Pairs rows with columns, each at most once, so that the sum of the pairs' weights is largest.
     *
     * @param weights row × column weights; a pair with weight 0 or less cannot be chosen
     * @param columns the number of columns (the rows may be empty)
     * @return each row's column, or -1 for a row left unpaired
     */
    static int[] maximumWeight(double[][] weights, int columns) {
        int rows = weights.length;
        int[] match = new int[rows];
        Arrays.fill(match, -1);
        SimpleWeightedGraph<Integer, DefaultWeightedEdge> graph = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        Set<Integer> left = new HashSet<>();
        Set<Integer> right = new HashSet<>();
        for (int r = 0; r < rows; r++) {
            graph.addVertex(r);
            left.add(r);
        }
        for (int c = 0; c < columns; c++) {
            graph.addVertex(rows + c);
            right.add(rows + c);
        }
        boolean any = false;
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                if (weights[r][c] > 0) {
                    graph.setEdgeWeight(graph.addEdge(r, rows + c), weights[r][c]);
                    any = true;
                }
            }
        }
        if (!any) {
            return match;
        }
        var matching = new MaximumWeightBipartiteMatching<>(graph, left, right).getMatching();
        for (DefaultWeightedEdge e : matching.getEdges()) {
            int a = graph.getEdgeSource(e);
            int b = graph.getEdgeTarget(e);
            int row = Math.min(a, b);
            match[row] = Math.max(a, b) - rows;
        }
        return match;
    }
}

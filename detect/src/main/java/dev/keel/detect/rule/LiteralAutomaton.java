package dev.keel.detect.rule;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.IntConsumer;

/**
 * Aho-Corasick over a set of literals: one pass over a text finds every literal it contains,
 * however many there are. Written here rather than taken from a library because it is the
 * heart of rule matching, small, and must stay allocation-free per text. Nodes keep their
 * transitions as sorted character arrays (the root, where most characters of a text land, as a
 * table of the ASCII ones); a missing transition follows failure links.
 */
final class LiteralAutomaton {

    /** While building; frozen into the arrays below once the failure links are made. */
    private final List<char[]> keys = new ArrayList<>();
    private final List<int[]> targets = new ArrayList<>();
    private char[][] nodeKeys;
    private int[][] nodeTargets;
    private final int[] rootAscii = new int[128];
    private int[] failure;
    /** Per node, the literal ids that end there or at a node its failure chain reaches. */
    private int[][] outputs;

    LiteralAutomaton(List<String> literals) {
        List<List<Integer>> ends = new ArrayList<>();
        newNode(ends);
        for (int id = 0; id < literals.size(); id++) {
            int node = 0;
            for (char c : literals.get(id).toCharArray()) {
                int next = building(node, c);
                if (next < 0) {
                    next = newNode(ends);
                    addTransition(node, c, next);
                }
                node = next;
            }
            ends.get(node).add(id);
        }
        link(ends);
        nodeKeys = keys.toArray(char[][]::new);
        nodeTargets = targets.toArray(int[][]::new);
        for (char c = 0; c < rootAscii.length; c++) {
            rootAscii[c] = building(0, c);
        }
        keys.clear();
        targets.clear();
    }

    /** Tells {@code found} the id of every literal {@code text} contains, once per place it ends at. */
    void find(String text, IntConsumer found) {
        int node = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            int next;
            while ((next = step(node, c)) < 0 && node != 0) {
                node = failure[node];
            }
            node = Math.max(next, 0);
            for (int id : outputs[node]) {
                found.accept(id);
            }
        }
    }

    private int newNode(List<List<Integer>> ends) {
        keys.add(new char[0]);
        targets.add(new int[0]);
        ends.add(new ArrayList<>());
        return keys.size() - 1;
    }

    private int step(int node, char c) {
        if (node == 0 && c < rootAscii.length) {
            return rootAscii[c];
        }
        int at = Arrays.binarySearch(nodeKeys[node], c);
        return at >= 0 ? nodeTargets[node][at] : -1;
    }

    private int building(int node, char c) {
        int at = Arrays.binarySearch(keys.get(node), c);
        return at >= 0 ? targets.get(node)[at] : -1;
    }

    private void addTransition(int node, char c, int next) {
        char[] oldKeys = keys.get(node);
        int[] oldTargets = targets.get(node);
        int at = -Arrays.binarySearch(oldKeys, c) - 1;
        char[] newKeys = new char[oldKeys.length + 1];
        int[] newTargets = new int[oldTargets.length + 1];
        System.arraycopy(oldKeys, 0, newKeys, 0, at);
        System.arraycopy(oldTargets, 0, newTargets, 0, at);
        newKeys[at] = c;
        newTargets[at] = next;
        System.arraycopy(oldKeys, at, newKeys, at + 1, oldKeys.length - at);
        System.arraycopy(oldTargets, at, newTargets, at + 1, oldTargets.length - at);
        keys.set(node, newKeys);
        targets.set(node, newTargets);
    }

    /** Breadth-first: each node's failure is the longest proper suffix of its path that is a node. */
    private void link(List<List<Integer>> ends) {
        int nodes = keys.size();
        failure = new int[nodes];
        List<List<Integer>> out = new ArrayList<>(ends);
        ArrayDeque<Integer> queue = new ArrayDeque<>();
        for (int child : targets.get(0)) {
            failure[child] = 0;
            queue.add(child);
        }
        while (!queue.isEmpty()) {
            int node = queue.poll();
            char[] chars = keys.get(node);
            int[] children = targets.get(node);
            for (int i = 0; i < chars.length; i++) {
                int child = children[i];
                int fallback = failure[node];
                int next;
                while ((next = building(fallback, chars[i])) < 0 && fallback != 0) {
                    fallback = failure[fallback];
                }
                failure[child] = next >= 0 && next != child ? next : 0;
                List<Integer> merged = new ArrayList<>(out.get(child));
                merged.addAll(out.get(failure[child]));
                out.set(child, merged);
                queue.add(child);
            }
        }
        outputs = new int[nodes][];
        for (int node = 0; node < nodes; node++) {
            outputs[node] = out.get(node).stream().mapToInt(Integer::intValue).toArray();
        }
    }
}

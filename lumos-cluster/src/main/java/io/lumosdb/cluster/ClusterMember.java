package io.lumosdb.cluster;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One node of a cluster as the operator names it: {@code n1@127.0.0.1:9801}, an id and the address its
 * Raft server listens on.
 *
 * <pre>{@code
 * List<ClusterMember> members = ClusterMember.parseList("n1@127.0.0.1:9801,n2@127.0.0.1:9802,n3@127.0.0.1:9803");
 * }</pre>
 *
 * @param id the node's id: letters, digits, {@code _} and {@code -}, at most 64
 * @param host the host of its Raft address
 * @param port the port of its Raft address
 */
public record ClusterMember(String id, String host, int port) {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern MEMBER = Pattern.compile("([^@\\s]+)@([^:\\s]+|\\[[0-9a-fA-F:]+\\]):(\\d{1,5})");

    /**
     * @throws IllegalArgumentException if the id or the port is not valid
     */
    public ClusterMember {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        if (!ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a node id holds 1 to 64 letters, digits, '_' or '-'; '" + id + "' does not");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("node " + id + ": the port must be 1 to 65535, was " + port);
        }
    }

    /** The Raft address, {@code host:port}. */
    public String address() {
        return host + ":" + port;
    }

    /**
     * Parses {@code id@host:port}.
     *
     * @throws IllegalArgumentException naming the text if it is not of that form
     */
    public static ClusterMember parse(String text) {
        Matcher m = MEMBER.matcher(Objects.requireNonNull(text, "text").trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("a cluster member is id@host:port (n1@127.0.0.1:9801), was '" + text + "'");
        }
        return new ClusterMember(m.group(1), m.group(2), Integer.parseInt(m.group(3)));
    }

    /**
     * Parses a comma-separated list of members.
     *
     * @throws IllegalArgumentException if an entry is malformed, or two entries share an id or an address
     */
    public static List<ClusterMember> parseList(String text) {
        List<ClusterMember> members = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        Set<String> addresses = new HashSet<>();
        for (String part : Objects.requireNonNull(text, "text").split(",")) {
            if (part.isBlank()) {
                continue;
            }
            ClusterMember m = parse(part);
            if (!ids.add(m.id())) {
                throw new IllegalArgumentException("the cluster list names node " + m.id() + " twice: " + text);
            }
            if (!addresses.add(m.address())) {
                throw new IllegalArgumentException("the cluster list gives address " + m.address() + " to two nodes: " + text);
            }
            members.add(m);
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("the cluster list names no node: '" + text + "'");
        }
        return List.copyOf(members);
    }

    @Override
    public String toString() {
        return id + "@" + address();
    }
}

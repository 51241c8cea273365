package io.lumosdb.vector;

import io.lumosdb.vector.FilterLexer.Kind;
import io.lumosdb.vector.FilterLexer.Token;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Parses the tokens of a filter into a {@link FilterNode} tree, with explicit stacks (operator precedence,
 * as Dijkstra's shunting-yard): no recursion on the text, so no input can overflow the stack, and the
 * work is linear in the text. The grammar:
 *
 * <pre>
 * filter     = or
 * or         = and { OR and }
 * and        = not { AND not }
 * not        = { NOT } ( "(" or ")" | predicate )
 * predicate  = field ( op constant | [NOT] IN "(" constant { "," constant } ")"
 *                    | [NOT] BETWEEN constant AND constant | [NOT] LIKE text [ ESCAPE text ] | IS [NOT] NULL )
 *            | constant op field
 * op         = "=" | "&lt;&gt;" | "!=" | "&lt;" | "&lt;=" | "&gt;" | "&gt;="
 * constant   = text | [ "-" ] number | TRUE | FALSE | NULL
 * </pre>
 *
 * <p>Two limits are checked while parsing, so a hostile filter is refused as soon as it crosses one, after
 * reading no more of it: parentheses nested deeper than {@link Limits#maxDepth()}, and more boolean operators
 * ({@code AND}, {@code OR}, {@code NOT}) than {@link Limits#maxOperators()}. An {@code IN} list is one
 * predicate however long, and {@code BETWEEN}'s {@code AND} is not an operator.
 */
final class FilterParser {
    /** The limits a filter is parsed under. */
    record Limits(int maxDepth, int maxOperators) {}

    private record Pending(String operator, int position) {}

    private final String filter;
    private final List<Token> tokens;
    private final Limits limits;
    private int at;

    private FilterParser(String filter, Limits limits) {
        this.filter = filter;
        this.tokens = FilterLexer.tokens(filter);
        this.limits = limits;
    }

    /**
     * The tree of {@code filter}.
     *
     * @throws IllegalArgumentException naming the limit crossed, or what is wrong and where
     */
    static FilterNode parse(String filter, Limits limits) {
        return new FilterParser(filter, limits).filter();
    }

    private FilterNode filter() {
        Deque<Object> operands = new ArrayDeque<>(); // nodes and chains
        Deque<Pending> operators = new ArrayDeque<>();
        int depth = 0;
        int booleans = 0;
        boolean expectOperand = true;
        while (true) {
            Token t = next();
            if (expectOperand) {
                if (t.is("NOT")) {
                    booleans = count(booleans, t);
                    operators.push(new Pending("NOT", t.position()));
                } else if (t.kind() == Kind.LPAREN) {
                    if (++depth > limits.maxDepth()) {
                        throw MetadataFilter.refuseLimit(filter, "parentheses nest deeper than " + limits.maxDepth()
                                + " levels (at position " + t.position() + ")", MetadataFilter.MAX_DEPTH_PROPERTY);
                    }
                    operators.push(new Pending("(", t.position()));
                } else {
                    operands.push(predicate(t));
                    expectOperand = false;
                }
                continue;
            }
            if (t.is("AND") || t.is("OR")) {
                booleans = count(booleans, t);
                reduceWhile(operands, operators, t.value());
                operators.push(new Pending(t.value(), t.position()));
                expectOperand = true;
            } else if (t.kind() == Kind.RPAREN) {
                reduceWhile(operands, operators, ")");
                if (operators.isEmpty()) {
                    throw refuse("')' closes no '('", t);
                }
                operators.pop();
                depth--;
            } else if (t.kind() == Kind.END) {
                reduceWhile(operands, operators, ")");
                if (!operators.isEmpty()) {
                    throw refuse("the '(' at position " + operators.peek().position() + " is not closed", t);
                }
                assert operands.size() == 1 : operands;
                return node(operands.pop());
            } else {
                throw refuse("expected AND, OR, ')' or the end, found " + t.describe(), t);
            }
        }
    }

    private int count(int booleans, Token t) {
        if (booleans >= limits.maxOperators()) {
            throw MetadataFilter.refuseLimit(filter, "more than " + limits.maxOperators() + " boolean operators (AND, OR, NOT;"
                    + " the next at position " + t.position() + "; an IN list counts as none)", MetadataFilter.MAX_OPERATORS_PROPERTY);
        }
        return booleans + 1;
    }

    /**
     * A chain of one operator being parsed ({@code a OR b OR c}): operands are appended in place, so a chain
     * of n costs n, not n squared; it becomes a {@link FilterNode.Junction} when something else takes it.
     */
    private static final class Chain {
        final boolean any;
        final List<FilterNode> operands = new ArrayList<>();

        Chain(boolean any) {
            this.any = any;
        }
    }

    /** An operand of the stack as a node: a chain is finished. */
    private static FilterNode node(Object operand) {
        return operand instanceof Chain c ? new FilterNode.Junction(c.any, List.copyOf(c.operands)) : (FilterNode) operand;
    }

    /**
     * Applies the pending operators that bind at least as tightly as {@code next} (all of them up to the
     * innermost '(' for ")"): NOT before AND before OR, left to right.
     */
    private static void reduceWhile(Deque<Object> operands, Deque<Pending> operators, String next) {
        while (!operators.isEmpty() && !operators.peek().operator().equals("(")
                && precedence(operators.peek().operator()) >= precedence(next)) {
            String op = operators.pop().operator();
            Object right = operands.pop();
            if (op.equals("NOT")) {
                operands.push(FilterNode.not(node(right)));
                continue;
            }
            boolean any = op.equals("OR");
            Object left = operands.pop();
            Chain chain = left instanceof Chain c && c.any == any ? c : new Chain(any);
            if (chain != left) {
                FilterNode.addFlat(chain.operands, any, node(left));
            }
            if (right instanceof Chain c && c.any == any) {
                chain.operands.addAll(c.operands);
            } else {
                FilterNode.addFlat(chain.operands, any, node(right));
            }
            operands.push(chain);
        }
    }

    private static int precedence(String operator) {
        return switch (operator) {
            case "NOT" -> FilterNode.NOT;
            case "AND" -> FilterNode.AND;
            case "OR" -> FilterNode.OR;
            default -> 0; // ")": everything up to the '('
        };
    }

    // ---------------------------------------------------------------- predicates

    private FilterNode predicate(Token first) {
        if (first.kind() != Kind.NAME) {
            Object constant = constant(first, "a field or a constant");
            Token op = next();
            if (op.kind() != Kind.OPERATOR) {
                throw refuse("expected a comparison operator after the constant, found " + op.describe(), op);
            }
            Token field = next();
            if (field.kind() != Kind.NAME) {
                throw refuse("a comparison needs a metadata field on one side, found " + field.describe(), field);
            }
            return new FilterNode.Comparison(field.value(), operator(op).flipped(), constant);
        }
        String field = first.value();
        Token t = next();
        if (t.kind() == Kind.OPERATOR) {
            Token c = next();
            if (c.kind() == Kind.NAME) {
                throw refuse("a field can only be compared with a constant, found " + c.describe(), c);
            }
            return new FilterNode.Comparison(field, operator(t), constant(c, "a constant"));
        }
        if (t.is("IS")) {
            boolean negated = tokens.get(at).is("NOT");
            at += negated ? 1 : 0;
            expect("NULL", "NULL after IS" + (negated ? " NOT" : ""));
            return new FilterNode.IsNull(field, negated);
        }
        boolean negated = t.is("NOT");
        Token what = negated ? next() : t;
        if (what.is("IN")) {
            return new FilterNode.In(field, list(), negated);
        }
        if (what.is("BETWEEN")) {
            Object low = constant(next(), "a constant after BETWEEN");
            expect("AND", "AND between the bounds of BETWEEN");
            return new FilterNode.Between(field, low, constant(next(), "a constant after BETWEEN ... AND"), negated);
        }
        if (what.is("LIKE")) {
            Token pattern = next();
            if (pattern.kind() != Kind.STRING) {
                throw refuse("LIKE needs a text pattern in single quotes, found " + pattern.describe(), pattern);
            }
            // ESCAPE is read as a word here only (not a keyword), so a field named escape needs no quotes elsewhere
            Token after = tokens.get(Math.min(at, tokens.size() - 1));
            if (after.kind() == Kind.NAME && after.value().equalsIgnoreCase("ESCAPE")) {
                at++;
                Token escape = next();
                if (escape.kind() != Kind.STRING || escape.value().codePointCount(0, escape.value().length()) != 1) {
                    throw refuse("ESCAPE needs one character in single quotes, found " + escape.describe(), escape);
                }
                return new FilterNode.Like(field, pattern.value(), escape.value().codePointAt(0), negated);
            }
            return new FilterNode.Like(field, pattern.value(), negated);
        }
        if (what.kind() == Kind.LPAREN) {
            throw refuse("functions are not allowed (" + MetadataFilter.abbreviate(field) + " followed by '(')", what);
        }
        throw refuse("expected a comparison (= <> != < <= > >=, IN, BETWEEN, LIKE, IS) after field "
                + MetadataFilter.abbreviate(field) + ", found " + what.describe(), what);
    }

    private List<Object> list() {
        Token open = next();
        if (open.kind() != Kind.LPAREN) {
            throw refuse("IN needs a list of constants in parentheses, found " + open.describe(), open);
        }
        List<Object> values = new ArrayList<>();
        while (true) {
            values.add(constant(next(), "a constant in the IN list"));
            Token t = next();
            if (t.kind() == Kind.RPAREN) {
                return values;
            }
            if (t.kind() != Kind.COMMA) {
                throw refuse("expected ',' or ')' in the IN list, found " + t.describe(), t);
            }
        }
    }

    /** The next token; past the end, the end again. */
    private Token next() {
        return tokens.get(Math.min(at++, tokens.size() - 1));
    }

    private void expect(String keyword, String what) {
        Token t = next();
        if (!t.is(keyword)) {
            throw refuse("expected " + what + ", found " + t.describe(), t);
        }
    }

    private FilterNode.Op operator(Token t) {
        return switch (t.value()) {
            case "=" -> FilterNode.Op.EQ;
            case "<>", "!=" -> FilterNode.Op.NE;
            case "<" -> FilterNode.Op.LT;
            case "<=" -> FilterNode.Op.LE;
            case ">" -> FilterNode.Op.GT;
            case ">=" -> FilterNode.Op.GE;
            default -> throw refuse("unknown operator " + t.describe(), t);
        };
    }

    /** A constant: text, a number (Long if integral, else Double), TRUE, FALSE or NULL (null). */
    private Object constant(Token t, String expected) {
        switch (t.kind()) {
            case STRING:
                return t.value();
            case KEYWORD:
                if (t.is("TRUE") || t.is("FALSE")) {
                    return t.is("TRUE");
                }
                if (t.is("NULL")) {
                    return null;
                }
                break;
            case NUMBER:
                return number(t.value(), false, t);
            case MINUS:
                Token n = next();
                if (n.kind() != Kind.NUMBER) {
                    throw refuse("expected a number after '-', found " + n.describe(), n);
                }
                return number(n.value(), true, t);
            default:
                break;
        }
        throw refuse("expected " + expected + " (text in single quotes, a number, TRUE, FALSE or NULL), found " + t.describe(), t);
    }

    private Object number(String digits, boolean negative, Token t) {
        if (digits.indexOf('.') < 0 && digits.indexOf('e') < 0 && digits.indexOf('E') < 0) {
            BigInteger v = new BigInteger(digits);
            v = negative ? v.negate() : v;
            if (v.bitLength() > 63) {
                throw refuse("the integer " + v + " is out of range (a 64-bit integer); write it with a decimal point", t);
            }
            return v.longValue();
        }
        double d = Double.parseDouble(digits);
        if (Double.isInfinite(d)) {
            throw refuse("the number " + digits + " is out of range", t);
        }
        return negative ? -d : d;
    }

    private IllegalArgumentException refuse(String why, Token at) {
        return MetadataFilter.refuse(filter, why + " at position " + at.position());
    }
}

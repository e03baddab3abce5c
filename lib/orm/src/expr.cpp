#include "orm/expr.hpp"

#include <cstring>

namespace orm {

std::string_view Expr::own(std::string text) {
    owned_.push_back(std::make_shared<const std::string>(std::move(text)));
    return *owned_.back();
}

Expr Expr::sql(std::string text, std::vector<Value> params) {
    // Split at each ?: text, then the placeholder of the next value.
    Expr e;
    const std::string_view all = e.own(std::move(text));
    std::size_t start = 0, next = 0;
    for (std::size_t at = all.find('?'); at != std::string_view::npos; at = all.find('?', start)) {
        if (at > start)
            e.pieces_.push_back(Piece{Piece::Kind::sql, all.substr(start, at - start), {}, {}});
        e.pieces_.push_back(Piece{Piece::Kind::parameter,
                                  {},
                                  {},
                                  next < params.size() ? std::move(params[next]) : Value{}});
        ++next;
        start = at + 1;
    }
    if (start < all.size()) e.pieces_.push_back(Piece{Piece::Kind::sql, all.substr(start), {}, {}});
    if (next != params.size())
        throw std::logic_error("orm: Expr::sql() given " + std::to_string(params.size()) +
                               " values for " + std::to_string(next) + " placeholders");
    return e;
}

Expr Expr::column(std::string table, std::string column) {
    Expr e;
    e.append_column(std::move(table), std::move(column));
    return e;
}

void Expr::reserve(std::size_t pieces) {
    pieces_.reserve(pieces);
}

std::vector<Value> Expr::params() const {
    std::vector<Value> out;
    each_parameter([&out](const Value& value) { out.push_back(value); });
    return out;
}

Expr& Expr::append(const Expr& other) {
    // The views stay valid: the text they see is static or shared here too.
    pieces_.insert(pieces_.end(), other.pieces_.begin(), other.pieces_.end());
    owned_.insert(owned_.end(), other.owned_.begin(), other.owned_.end());
    return *this;
}

Expr& Expr::append_column(std::string table, std::string column) {
    const auto table_view = own(std::move(table));
    pieces_.push_back(Piece{Piece::Kind::column, own(std::move(column)), table_view, {}});
    return *this;
}

Expr& Expr::append_sql(std::string text) {
    pieces_.push_back(Piece{Piece::Kind::sql, own(std::move(text)), {}, {}});
    return *this;
}

Expr& Expr::append_static_column(const std::string& table, const std::string& column) {
    pieces_.push_back(Piece{Piece::Kind::column, column, table, {}});
    return *this;
}

Expr& Expr::append_static_sql(std::string_view text) {
    pieces_.push_back(Piece{Piece::Kind::sql, text, {}, {}});
    return *this;
}

Expr& Expr::append_parameter(Value value) {
    pieces_.push_back(Piece{Piece::Kind::parameter, {}, {}, std::move(value)});
    return *this;
}

void Expr::append_shape(std::string& key) const {
    // Grown once, then written in place: a lookup builds this key every time.
    std::size_t size = key.size();
    for (const auto& piece : pieces_)
        size += piece.text.size() + piece.table.size() + 3;
    std::size_t at = key.size();
    key.resize(size);
    char* out = key.data();
    const auto put = [&](std::string_view text) {
        if (!text.empty()) std::memcpy(out + at, text.data(), text.size());
        at += text.size();
    };
    for (const auto& piece : pieces_) {
        out[at++] = static_cast<char>(piece.kind);
        put(piece.text);
        out[at++] = '\x1f';
        put(piece.table);
        out[at++] = '\x1e';
    }
}

namespace {

Expr binary(const Expr& a, std::string_view op, const Expr& b) {
    Expr e;
    e.reserve(a.pieces().size() + b.pieces().size() + 3);
    e.append_static_sql("(").append(a).append_static_sql(op).append(b).append_static_sql(")");
    return e;
}

}  // namespace

Expr operator&&(const Expr& a, const Expr& b) {
    return binary(a, " AND ", b);
}
Expr operator||(const Expr& a, const Expr& b) {
    return binary(a, " OR ", b);
}
Expr operator!(const Expr& a) {
    Expr e;
    e.append_static_sql("NOT (").append(a).append_static_sql(")");
    return e;
}

namespace detail {

namespace {

// The column, then room for `pieces` more and `params` values.
Expr starting_with(ColumnRef column, std::size_t pieces) {
    Expr e;
    e.reserve(1 + pieces);
    e.append_static_column(*column.table, *column.column);
    return e;
}

}  // namespace

Expr compare(ColumnRef column, std::string_view op, Value value) {
    // NULL never compares equal in SQL; the ORM reads `== NULL` as IS NULL.
    if (std::holds_alternative<std::monostate>(value) && (op == " = " || op == " <> "))
        return is_null(column, op == " = ");
    Expr e = starting_with(column, 2);
    e.append_static_sql(op).append_parameter(std::move(value));
    return e;
}

Expr in_list(ColumnRef column, std::vector<Value> values) {
    if (values.empty()) {
        Expr none;
        none.append_static_sql("1 = 0");
        return none;
    }
    Expr e = starting_with(column, 2 * values.size() + 1);
    e.append_static_sql(" IN (");
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (i) e.append_static_sql(", ");
        e.append_parameter(std::move(values[i]));
    }
    e.append_static_sql(")");
    return e;
}

Expr like(ColumnRef column, std::string pattern) {
    Expr e = starting_with(column, 3);
    e.append_static_sql(" LIKE ")
        .append_parameter(std::move(pattern))
        .append_static_sql(" ESCAPE '!'");
    return e;
}

Expr is_null(ColumnRef column, bool null) {
    Expr e = starting_with(column, 1);
    e.append_static_sql(null ? " IS NULL" : " IS NOT NULL");
    return e;
}

}  // namespace detail

std::string like_escape(std::string_view text) {
    std::string out;
    for (char c : text) {
        if (c == '%' || c == '_' || c == '!') out += '!';
        out += c;
    }
    return out;
}

}  // namespace orm

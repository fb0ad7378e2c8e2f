#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace tollgate {

/// Renders rows as a plain-text table with aligned columns, for tollgatectl's human output:
/// a header row, columns separated by two spaces, numbers right-aligned where asked, no
/// trailing spaces. Widths count characters (Unicode code points), not bytes; cells longer
/// than a column's maximum are cut with "…".
class TableFormatter
{
public:
    enum class Alignment
    {
        Left,
        Right,
    };

    /// A table with these column headers (shown upper-case as given).
    explicit TableFormatter(const QStringList& headers);

    /// Aligns column `column` (from 0).
    void setAlignment(int column, Alignment alignment);
    /// Cuts cells of `column` to at most `width` characters (0: no limit, the default).
    void setMaxWidth(int column, int width);

    /// Adds a row; missing cells are empty, extra cells are an error in the caller (asserted).
    void addRow(const QStringList& cells);
    int rowCount() const { return int(m_rows.size()); }

    /// The table, one line per row after the header, each ending with "\n". With no row, only
    /// the header.
    QString toString() const;

private:
    static qsizetype displayWidth(const QString& text);
    QString fitted(const QString& text, int column) const;

    QStringList m_headers;
    QList<Alignment> m_alignments;
    QList<int> m_maxWidths;
    QList<QStringList> m_rows;
};

} // namespace tollgate

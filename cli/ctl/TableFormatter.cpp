#include "TableFormatter.h"

#include <algorithm>

namespace tollgate {

TableFormatter::TableFormatter(const QStringList& headers)
    : m_headers(headers)
    , m_alignments(headers.size(), Alignment::Left)
    , m_maxWidths(headers.size(), 0)
{}

void TableFormatter::setAlignment(int column, Alignment alignment)
{
    Q_ASSERT(column >= 0 && column < m_alignments.size());
    m_alignments[column] = alignment;
}

void TableFormatter::setMaxWidth(int column, int width)
{
    Q_ASSERT(column >= 0 && column < m_maxWidths.size());
    m_maxWidths[column] = std::max(0, width);
}

void TableFormatter::addRow(const QStringList& cells)
{
    Q_ASSERT(cells.size() <= m_headers.size());
    QStringList row = cells;
    while (row.size() < m_headers.size())
        row << QString();
    m_rows.append(row);
}

qsizetype TableFormatter::displayWidth(const QString& text)
{
    // Code points, not UTF-16 units: a surrogate pair is one character on the terminal.
    return text.size() - std::count_if(text.begin(), text.end(), [](QChar c) { return c.isLowSurrogate(); });
}

QString TableFormatter::fitted(const QString& text, int column) const
{
    // Cells are single-line: a newline would break the table.
    QString cell = text;
    cell.replace(QLatin1Char('\n'), QLatin1Char(' '));
    cell.replace(QLatin1Char('\t'), QLatin1Char(' '));
    const int limit = m_maxWidths.at(column);
    if (limit > 0 && displayWidth(cell) > limit) {
        qsizetype keep = limit - 1;
        if (keep > 0 && cell.at(keep - 1).isHighSurrogate())
            --keep;
        cell = cell.left(keep) + QChar(0x2026);
    }
    return cell;
}

QString TableFormatter::toString() const
{
    QList<QStringList> lines;
    lines.reserve(m_rows.size() + 1);
    lines.append(m_headers);
    for (const QStringList& row : m_rows) {
        QStringList cells;
        for (int column = 0; column < row.size(); ++column)
            cells << fitted(row.at(column), column);
        lines.append(cells);
    }

    QList<qsizetype> widths(m_headers.size(), 0);
    for (const QStringList& line : lines) {
        for (int column = 0; column < line.size(); ++column)
            widths[column] = std::max(widths[column], displayWidth(line.at(column)));
    }

    QString text;
    for (const QStringList& line : lines) {
        QString rendered;
        for (int column = 0; column < line.size(); ++column) {
            const QString& cell = line.at(column);
            const QString padding(widths[column] - displayWidth(cell), QLatin1Char(' '));
            if (column > 0)
                rendered += QStringLiteral("  ");
            if (m_alignments.at(column) == Alignment::Right)
                rendered += padding + cell;
            else
                rendered += cell + padding;
        }
        while (rendered.endsWith(QLatin1Char(' ')))
            rendered.chop(1);
        text += rendered + QLatin1Char('\n');
    }
    return text;
}

} // namespace tollgate

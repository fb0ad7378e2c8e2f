#include "FrameCodec.h"

namespace tollgate {

FrameCodec::FrameCodec(qsizetype maxLineBytes)
    : m_maxLineBytes(maxLineBytes)
{}

void FrameCodec::append(const QByteArray& data)
{
    m_buffer.append(data);
}

bool FrameCodec::next(Frame* frame)
{
    for (;;) {
        const qsizetype newline = m_buffer.indexOf('\n', m_start + m_scanned);
        if (m_discarding) {
            if (newline < 0) {
                m_discarded += m_buffer.size() - m_start;
                m_buffer.clear();
                m_start = 0;
                m_scanned = 0;
                return false;
            }
            qsizetype size = m_discarded + (newline - m_start);
            if (newline > m_start && m_buffer.at(newline - 1) == '\r')
                --size;
            m_start = newline + 1;
            m_scanned = 0;
            m_discarding = false;
            m_discarded = 0;
            compact();
            *frame = Frame{Frame::Kind::Oversized, {}, size};
            return true;
        }
        if (newline < 0) {
            m_scanned = m_buffer.size() - m_start;
            if (m_scanned > m_maxLineBytes) {
                // Too long already: keep only the count, not the bytes.
                m_discarding = true;
                m_discarded = m_scanned;
                m_buffer.clear();
                m_start = 0;
                m_scanned = 0;
            }
            return false;
        }
        qsizetype length = newline - m_start;
        if (length > 0 && m_buffer.at(newline - 1) == '\r')
            --length;
        const qsizetype lineStart = m_start;
        m_start = newline + 1;
        m_scanned = 0;
        if (length > m_maxLineBytes) {
            compact();
            *frame = Frame{Frame::Kind::Oversized, {}, length};
            return true;
        }
        if (length == 0) {
            compact();
            continue;
        }
        *frame = Frame{Frame::Kind::Line, m_buffer.mid(lineStart, length), length};
        compact();
        return true;
    }
}

void FrameCodec::compact()
{
    // Drop consumed bytes once they are the larger part, so that many small lines in one big
    // read cost linear time, not quadratic.
    if (m_start == m_buffer.size()) {
        m_buffer.clear();
        m_start = 0;
    } else if (m_start > 4096 && m_start * 2 > m_buffer.size()) {
        m_buffer.remove(0, m_start);
        m_start = 0;
    }
}

QByteArray FrameCodec::encode(const QByteArray& document)
{
    QByteArray line;
    line.reserve(document.size() + 1);
    line.append(document).append('\n');
    return line;
}

} // namespace tollgate

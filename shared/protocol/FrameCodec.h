#pragma once

#include <QByteArray>

namespace tollgate {

/// The control protocol's framing: one JSON document per line, each line ended by "\n" (a "\r"
/// before it is tolerated and removed; empty lines are skipped). Lines over the size limit are
/// reported by their size and discarded up to their end, so that the stream stays in step and
/// memory stays bounded however long the line is. Incremental: bytes may arrive in any split.
class FrameCodec
{
public:
    /// Default line limit: a whole ruleset travels in one rules.apply line
    /// (RuleSetLimits::MaxDocumentBytes is 16 MiB), with room for the envelope.
    static constexpr qsizetype DefaultMaxLineBytes = 20 * 1024 * 1024;

    /// What next() found.
    struct Frame
    {
        enum class Kind
        {
            Line,     ///< A complete line, without its terminator, in `line`.
            Oversized ///< A line over the limit was discarded; `size` is its length in bytes.
        };
        Kind kind = Kind::Line;
        QByteArray line;
        qsizetype size = 0;
    };

    explicit FrameCodec(qsizetype maxLineBytes = DefaultMaxLineBytes);

    qsizetype maxLineBytes() const { return m_maxLineBytes; }

    /// Adds received bytes; call next() until it returns false to take the complete frames.
    void append(const QByteArray& data);

    /// Takes the next complete frame. False when no complete line is buffered yet.
    bool next(Frame* frame);

    /// Bytes held for a line not complete yet (at most the limit plus one read's worth).
    qsizetype bufferedBytes() const { return m_buffer.size() - m_start; }

    /// `document` followed by the line terminator. `document` must not contain "\n" (compact
    /// JSON never does: newlines inside strings are escaped).
    static QByteArray encode(const QByteArray& document);

private:
    void compact();

    qsizetype m_maxLineBytes;
    QByteArray m_buffer;
    qsizetype m_start = 0;   ///< Where the next line starts in m_buffer.
    qsizetype m_scanned = 0; ///< Bytes after m_start already searched for "\n".
    bool m_discarding = false;
    qsizetype m_discarded = 0; ///< Bytes of the over-long line discarded so far.
};

} // namespace tollgate

#include "model/Template.h"

#include <QTest>

using namespace tollgate;

namespace {

/// A readable form of the parsed segments: literals quoted, fields in braces.
QString describe(const Template& parsed)
{
    QStringList parts;
    for (const Template::Segment& segment : parsed.segments()) {
        if (segment.isLiteral) {
            parts << QLatin1Char('"') + QString::fromStdString(segment.literal) + QLatin1Char('"');
            continue;
        }
        QString field = QStringLiteral("field%1").arg(static_cast<int>(segment.field));
        if (!segment.argument.empty())
            field += QLatin1Char(':') + QString::fromStdString(segment.argument);
        parts << field;
    }
    return parts.join(QLatin1Char(' '));
}

QString field(TemplateField templateField, const char* argument = "")
{
    QString text = QStringLiteral("field%1").arg(static_cast<int>(templateField));
    if (*argument)
        text += QLatin1Char(':') + QLatin1String(argument);
    return text;
}

} // namespace

class TestTemplate : public QObject
{
    Q_OBJECT

private slots:
    void parsesSegments_data();
    void parsesSegments();
    void everyFieldNameParses_data();
    void everyFieldNameParses();
    void reportsErrors_data();
    void reportsErrors();
    void failedParseLeavesResultUnchanged();
    void fieldNamesForHints();
};

void TestTemplate::parsesSegments_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("segments");
    QTest::addColumn<bool>("constant");
    QTest::newRow("empty") << QString() << QString() << true;
    QTest::newRow("literal") << QStringLiteral("sip:core") << QStringLiteral("\"sip:core\"") << true;
    QTest::newRow("field") << QStringLiteral("{call_id}") << field(TemplateField::CallId) << false;
    QTest::newRow("mixed") << QStringLiteral("{from.user}@{source.ip}")
                           << field(TemplateField::FromUser) + QStringLiteral(" \"@\" ") +
                                  field(TemplateField::SourceIp)
                           << false;
    QTest::newRow("header") << QStringLiteral("{header.X-Customer-Id}") << field(TemplateField::Header, "X-Customer-Id")
                            << false;
    QTest::newRow("variable") << QStringLiteral("id={var.chosen_destination}")
                              << QStringLiteral("\"id=\" ") + field(TemplateField::Variable, "chosen_destination")
                              << false;
    QTest::newRow("escaped braces") << QStringLiteral("{{literal}}") << QStringLiteral("\"{literal}\"") << true;
    QTest::newRow("escaped braces around a field")
        << QStringLiteral("a}}{{{ruri}}}")
        << QStringLiteral("\"a}{\" ") + field(TemplateField::RequestUri) + QStringLiteral(" \"}\"") << false;
    QTest::newRow("unicode literal") << QStringLiteral("\u2713 {method}")
                                     << QStringLiteral("\"\u2713 \" ") + field(TemplateField::Method) << false;
}

void TestTemplate::parsesSegments()
{
    QFETCH(QString, text);
    QFETCH(QString, segments);
    QFETCH(bool, constant);
    Template parsed;
    QString error;
    QVERIFY2(Template::parse(text, &parsed, &error), qPrintable(error));
    QCOMPARE(describe(parsed), segments);
    QCOMPARE(parsed.isConstant(), constant);
}

void TestTemplate::everyFieldNameParses_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<int>("expected");
    const QList<std::pair<const char*, TemplateField>> fields{
        {"call_id", TemplateField::CallId},         {"method", TemplateField::Method},
        {"ruri", TemplateField::RequestUri},        {"ruri.user", TemplateField::RuriUser},
        {"ruri.host", TemplateField::RuriHost},     {"from.user", TemplateField::FromUser},
        {"from.host", TemplateField::FromHost},     {"to.user", TemplateField::ToUser},
        {"to.host", TemplateField::ToHost},         {"source.ip", TemplateField::SourceIp},
        {"source.port", TemplateField::SourcePort}, {"transport", TemplateField::Transport},
        {"carrier", TemplateField::Carrier},
    };
    for (const auto& [name, templateField] : fields)
        QTest::newRow(name) << QString::fromLatin1(name) << static_cast<int>(templateField);
}

void TestTemplate::everyFieldNameParses()
{
    QFETCH(QString, name);
    QFETCH(int, expected);
    Template parsed;
    QString error;
    QVERIFY2(Template::parse(QLatin1Char('{') + name + QLatin1Char('}'), &parsed, &error), qPrintable(error));
    QCOMPARE(parsed.segments().size(), std::size_t(1));
    QCOMPARE(static_cast<int>(parsed.segments().front().field), expected);
    QVERIFY(!parsed.segments().front().isLiteral);
}

void TestTemplate::reportsErrors_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("error");
    QTest::addColumn<QString>("hint");
    QTest::newRow("misspelled field") << QStringLiteral("{from.usr}")
                                      << QStringLiteral("unknown template field {from.usr}")
                                      << QStringLiteral("did you mean {from.user}?");
    QTest::newRow("unknown field") << QStringLiteral("x{nothing}") << QStringLiteral("unknown template field {nothing}")
                                   << QString();
    QTest::newRow("empty field") << QStringLiteral("{}") << QStringLiteral("unknown template field {}") << QString();
    QTest::newRow("unterminated") << QStringLiteral("ab{call_id") << QStringLiteral("unterminated '{' at position 3")
                                  << QStringLiteral("write '{{' for a literal brace");
    QTest::newRow("unmatched close") << QStringLiteral("a}b") << QStringLiteral("unmatched '}' at position 2")
                                     << QStringLiteral("write '}}' for a literal brace");
    QTest::newRow("header without name") << QStringLiteral("{header.}")
                                         << QStringLiteral("template field {header.} does not name a valid header")
                                         << QString();
    QTest::newRow("header with a space") << QStringLiteral("{header.X Foo}")
                                         << QStringLiteral("template field {header.X Foo} does not name a valid header")
                                         << QString();
    QTest::newRow("variable not snake case")
        << QStringLiteral("{var.ChosenHop}")
        << QStringLiteral("template field {var.ChosenHop} does not name a valid variable")
        << QStringLiteral("variable names are lower_snake_case, e.g. {var.chosenhop}");
    QTest::newRow("variable without name")
        << QStringLiteral("{var.}") << QStringLiteral("template field {var.} does not name a valid variable")
        << QStringLiteral("variable names are lower_snake_case");
}

void TestTemplate::reportsErrors()
{
    QFETCH(QString, text);
    QFETCH(QString, error);
    QFETCH(QString, hint);

    Template parsed;
    QString actualError;
    QString actualHint;
    QVERIFY(!Template::parse(text, &parsed, &actualError, &actualHint));
    QCOMPARE(actualError, error);
    QCOMPARE(actualHint, hint);

    // The three-argument form puts the hint in parentheses.
    QString combined;
    QVERIFY(!Template::parse(text, &parsed, &combined));
    QCOMPARE(combined, hint.isEmpty() ? error : error + QStringLiteral(" (") + hint + QLatin1Char(')'));
}

void TestTemplate::failedParseLeavesResultUnchanged()
{
    Template parsed;
    QString error;
    QVERIFY(Template::parse(QStringLiteral("{call_id}"), &parsed, &error));
    QVERIFY(!Template::parse(QStringLiteral("{call_id"), &parsed, &error));
    QCOMPARE(describe(parsed), field(TemplateField::CallId));
}

void TestTemplate::fieldNamesForHints()
{
    const QStringList names = Template::fieldNames();
    QCOMPARE(names.size(), 15);
    QVERIFY(names.contains(QStringLiteral("call_id")));
    QVERIFY(names.contains(QStringLiteral("header.NAME")));
    QVERIFY(names.contains(QStringLiteral("var.NAME")));
    for (const QString& name : names) {
        if (name.endsWith(QStringLiteral(".NAME")))
            continue;
        Template parsed;
        QString error;
        QVERIFY2(Template::parse(QLatin1Char('{') + name + QLatin1Char('}'), &parsed, &error), qPrintable(error));
    }
}

QTEST_GUILESS_MAIN(TestTemplate)
#include "TestTemplate.moc"

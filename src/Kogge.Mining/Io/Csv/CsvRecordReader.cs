using System.Text;

namespace Kogge.Mining.Io.Csv;

/// <summary>Splits RFC 4180 text into records: quoted fields may hold delimiters, doubled quotes and line breaks.</summary>
internal sealed class CsvRecordReader(TextReader reader, char delimiter)
{
    private readonly char[] buffer = new char[1 << 16];
    private readonly StringBuilder field = new();
    private int length;
    private int position;
    private long line = 1;

    /// <summary>The line on which the record last returned started.</summary>
    public long RecordLine { get; private set; }

    /// <summary>Reads the next record into <paramref name="fields"/>; false at the end of the text.</summary>
    public bool Next(List<string> fields)
    {
        fields.Clear();
        RecordLine = line;
        if (!Fill())
        {
            return false;
        }

        field.Clear();
        var quoted = false;
        var atFieldStart = true;
        while (Fill())
        {
            var c = buffer[position++];
            if (quoted)
            {
                if (c == '"')
                {
                    if (Fill() && buffer[position] == '"')
                    {
                        field.Append('"');
                        position++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        line++;
                    }

                    field.Append(c);
                }

                continue;
            }

            if (c == '"' && atFieldStart)
            {
                quoted = true;
                atFieldStart = false;
            }
            else if (c == delimiter)
            {
                fields.Add(field.ToString());
                field.Clear();
                atFieldStart = true;
            }
            else if (c == '\n' || c == '\r')
            {
                if (c == '\r' && Fill() && buffer[position] == '\n')
                {
                    position++;
                }

                line++;
                fields.Add(field.ToString());
                return true;
            }
            else
            {
                field.Append(c);
                atFieldStart = false;
            }
        }

        fields.Add(field.ToString());
        return true;
    }

    private bool Fill()
    {
        if (position < length)
        {
            return true;
        }

        length = reader.Read(buffer, 0, buffer.Length);
        position = 0;
        return length > 0;
    }
}

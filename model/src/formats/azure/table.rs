//! CSV text as a header and rows, each row with its line number and its cells by column name
//! (compared without regard to case), read by the `csv` crate (quoted cells, commas and line
//! breaks inside quotes, `""` escapes, CRLF). A byte-order mark before the header is dropped:
//! spreadsheets write one.

/// A CSV file read.
pub struct Table {
    /// The column names, trimmed.
    pub header: Vec<String>,
    /// The rows that hold anything, each with the line it starts on (the header is line 1).
    pub rows: Vec<Row>,
}

/// One row.
pub struct Row {
    /// The line it starts on.
    pub line: u64,
    cells: Vec<String>,
}

impl Table {
    /// Reads `text`; CSV the reader cannot split is an error, in the `csv` crate's words.
    pub fn read(text: &str) -> Result<Table, String> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let mut reader =
            csv::ReaderBuilder::new().has_headers(true).flexible(true).from_reader(text.as_bytes());
        let malformed = |e: csv::Error| e.to_string();
        let header = reader.headers().map_err(malformed)?.iter().map(|h| h.trim().to_string()).collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(malformed)?;
            if record.iter().all(|cell| cell.trim().is_empty()) {
                continue;
            }
            // Counted here from the record's first byte (the reader's own count, and its
            // position, can stop before the line break that ends the record before).
            let bytes = text.as_bytes();
            let mut start = record.position().map_or(0, |p| p.byte() as usize).min(bytes.len());
            while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
                start += 1;
            }
            let line = 1 + bytes[..start].iter().filter(|b| **b == b'\n').count() as u64;
            rows.push(Row { line, cells: record.iter().map(str::to_string).collect() });
        }
        Ok(Table { header, rows })
    }

    /// The position of column `name`, compared without regard to case.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h.eq_ignore_ascii_case(name))
    }
}

impl Row {
    /// The cell of `column` (trimmed; empty when the row is short).
    pub fn cell(&self, column: Option<usize>) -> &str {
        column.and_then(|c| self.cells.get(c)).map_or("", |c| c.trim())
    }

    /// The path of this row (`line 3`), or of one of its cells (`line 3.Amount`).
    pub fn path(&self, column: Option<&str>) -> String {
        match column {
            Some(name) => format!("line {}.{name}", self.line),
            None => format!("line {}", self.line),
        }
    }
}
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_know_their_lines_after_crlf_a_byte_order_mark_and_quoted_line_breaks() {
        let table = Table::read("\u{feff}a,b\r\n1,2\r\n\r\n\"x\ny\",3\r\n4,5").unwrap();
        let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
        assert_eq!(lines, [2, 4, 6]);
        assert_eq!(table.header, ["a", "b"]);
        assert_eq!(table.rows[1].cell(Some(0)), "x\ny");
        assert_eq!(table.rows[0].cell(Some(7)), "");
    }
}

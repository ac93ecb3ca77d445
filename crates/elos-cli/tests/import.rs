//! `elos import` as a clerk runs it: exit codes, the text report, the JSON report, and a
//! dataset that `elos check` accepts.

use std::path::PathBuf;
use std::process::Command;

fn elos() -> Command {
    Command::new(env!("CARGO_BIN_EXE_elos"))
}

fn data(name: &str) -> String {
    format!(
        "{}/../elos-import/tests/data/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

fn temp(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("elos-cli-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

#[test]
fn a_clean_import_exits_0_and_check_accepts_the_dataset() {
    let out = temp("clean.json");
    let report = temp("clean-report.json");
    let run = elos()
        .args(["import", &data("english-bom.csv"), "-o"])
        .arg(&out)
        .arg("--report")
        .arg(&report)
        .args(["--lang", "es"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("filas leídas"),
        "the summary in Spanish: {stdout}"
    );
    assert!(
        stdout.contains("date-month-first"),
        "warnings are listed: {stdout}"
    );
    let json = std::fs::read_to_string(&report).unwrap();
    assert!(json.contains("\"language\": \"es\"") && json.contains("\"code\": \"file-read\""));
    let check = elos().arg("check").arg(&out).output().unwrap();
    assert_eq!(
        check.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );
}

#[test]
fn rows_left_out_exit_1_with_each_row_in_the_report() {
    let out = temp("bad.json");
    let run = elos()
        .args(["import", &data("bad-rows.csv"), "-o"])
        .arg(&out)
        .args(["--lang", "pt-BR"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("bad-rows.csv:4: error[no-source]"),
        "{stdout}"
    );
    assert!(stdout.contains("Sem fonte"), "{stdout}");
    assert!(out.exists(), "the usable rows are still written");
}

#[test]
fn the_dataset_can_go_to_standard_output_and_verbose_lists_every_decision() {
    let run = elos()
        .args(["import", &data("liverpool.csv"), "-o", "-", "--verbose"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert!(stdout.trim_start().starts_with('{') && stdout.contains("\"liverpool\""));
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(stderr.contains("info[same-city]"), "{stderr}");
}

#[test]
fn unreadable_input_and_bad_command_lines_exit_2() {
    let missing = elos()
        .args(["import", "no-such-file.csv", "-o", "x.json"])
        .output()
        .unwrap();
    assert_eq!(missing.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&missing.stderr).contains("no-such-file.csv"));
    let no_output = elos()
        .args(["import", &data("liverpool.csv")])
        .output()
        .unwrap();
    assert_eq!(no_output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&no_output.stderr).contains("-o FILE"));
    let broken = temp("broken.json");
    std::fs::write(&broken, "{\"format\": 1}").unwrap();
    let merge = elos()
        .args(["import", &data("liverpool.csv"), "-o"])
        .arg(temp("merged.json"))
        .arg("--merge")
        .arg(&broken)
        .output()
        .unwrap();
    assert_eq!(merge.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&merge.stdout).contains("merge-unreadable"));
}

#[test]
fn an_xlsx_file_is_read_by_its_first_sheet_with_formulas_as_text_and_dates_as_days() {
    let out = temp("xlsx.json");
    let run = elos()
        .args(["import", &data("template-pt.xlsx"), "-o"])
        .arg(&out)
        .args(["--lang", "en"])
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{stdout}");
    assert!(
        stdout.contains("the first sheet, “Vínculos”, was read"),
        "{stdout}"
    );
    let dataset = std::fs::read_to_string(&out).unwrap();
    assert!(
        dataset.contains("\"url\": \"https://example.org/lei\""),
        "the HYPERLINK's address"
    );
    assert!(
        dataset.contains("\"start\": \"2017-03-03\""),
        "a date cell is a day"
    );
    assert!(
        dataset.contains("\"start\": \"1978\""),
        "a number cell is a year"
    );
}

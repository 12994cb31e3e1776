use crate::scenario::*;

#[test]
fn rfc3339_round_trips() {
    let t = crate::scenario::time::parse_rfc3339("2026-11-26T18:20:54.692603998Z").expect("valid");
    assert_eq!(t.to_string(), "2026-11-26T18:20:54.692603998Z");
    let offset = crate::scenario::time::parse_rfc3339("2026-11-27T10:00:00+01:00").expect("valid");
    assert_eq!(offset.to_string(), "2026-11-27T09:00:00Z");
    assert_eq!(
        crate::scenario::time::parse_rfc3339("1970-01-01T00:00:00Z").map(Timestamp::unix_seconds),
        Ok(0)
    );
    assert!(crate::scenario::time::parse_rfc3339("2026-02-30T00:00:00Z").is_err());
    assert!(crate::scenario::time::parse_rfc3339("2026-11-27 09:00").is_err());
    assert!(crate::scenario::time::parse_rfc3339("2026-11-27T09:00:00").is_err());
}

#[test]
fn relative_times() {
    let s = 1_000_000_000i64;
    assert_eq!(
        TimeSpec::parse("-2d"),
        Ok(TimeSpec::Relative(-2 * 86_400 * s))
    );
    assert_eq!(TimeSpec::parse("-1h30m"), Ok(TimeSpec::Relative(-5400 * s)));
    assert_eq!(TimeSpec::parse("+5s"), Ok(TimeSpec::Relative(5 * s)));
    assert_eq!(
        TimeSpec::parse("-250ms"),
        Ok(TimeSpec::Relative(-250_000_000))
    );
    assert_eq!(TimeSpec::parse("now"), Ok(TimeSpec::Relative(0)));
    for bad in [
        "-",
        "-30m1h",
        "-1h1h",
        "6h",
        "-1w",
        "-99999999999999999999d",
        "--1h",
        "-1.5h",
    ] {
        assert!(TimeSpec::parse(bad).is_err(), "{bad} should not parse");
    }
    assert_eq!(TimeSpec::Relative(-5400 * s).to_string(), "-1h30m");
}

#[test]
fn publish_specs() {
    let p = |s: &str| PortSpec::parse(s).map(|p| p.to_string());
    assert_eq!(p("8080:8080"), Ok("8080:8080".to_owned()));
    assert_eq!(
        p("127.0.0.1:8080:80/tcp"),
        Ok("127.0.0.1:8080:80".to_owned())
    );
    assert_eq!(p("53:53/udp"), Ok("53:53/udp".to_owned()));
    assert_eq!(p("80"), Ok("80".to_owned()));
    assert_eq!(p("[::1]:8080:80"), Ok("[::1]:8080:80".to_owned()));
    assert_eq!(p("127.0.0.1::80"), Ok("127.0.0.1::80".to_owned()));
    for bad in [
        "",
        "8080:",
        "0:80",
        "70000:80",
        "1.2.3:80:80",
        "80/xtp",
        "a:b",
        "1:2:3:4",
    ] {
        assert!(PortSpec::parse(bad).is_err(), "{bad} should not parse");
    }
}

#[test]
fn restart_policies() {
    assert_eq!(
        RestartPolicy::parse("on-failure:3"),
        Ok(RestartPolicy::OnFailure(Some(3)))
    );
    assert_eq!(
        RestartPolicy::parse("unless-stopped").map(|p| p.to_string()),
        Ok("unless-stopped".to_owned())
    );
    assert!(RestartPolicy::parse("sometimes").is_err());
    assert!(RestartPolicy::parse("on-failure:").is_err());
}

#[test]
fn image_references() {
    for good in [
        "myapp:1.7.2",
        "myapp",
        "registry.example.com:5000/team/myapp:v1",
        "my_app.x-y:Tag_1",
    ] {
        assert_eq!(reference::problem(good), None, "{good}");
    }
    for bad in [
        "MyApp:1",
        "myapp:",
        "myapp:-x",
        "-app:1",
        "app@sha256:12",
        "a//b",
    ] {
        assert!(
            reference::problem(bad).is_some(),
            "{bad} should be rejected"
        );
    }
    assert_eq!(reference::normalize("myapp"), "myapp:latest");
    assert_eq!(
        reference::normalize("localhost:5000/myapp"),
        "localhost:5000/myapp:latest"
    );
}

#[test]
fn diagnostics_render_one_per_line() {
    let d = Diagnostics(vec![
        Diagnostic {
            file: "a.kdl".into(),
            line: 3,
            column: 7,
            offset: 40,
            len: 2,
            message: "bad".into(),
            help: Some("fix it".into()),
            severity: Severity::Error,
        },
        Diagnostic {
            file: "a.kdl".into(),
            line: 9,
            column: 1,
            offset: 90,
            len: 0,
            message: "worse".into(),
            help: None,
            severity: Severity::Error,
        },
    ]);
    assert_eq!(
        d.to_string(),
        "a.kdl:3:7: error: bad\n  help: fix it\na.kdl:9:1: error: worse"
    );
}

#[test]
fn miette_report_renders_snippets() {
    let text = "scenario \"x\" {\n    titel \"T\"\n}\n";
    let Err(d) = parse("x.kdl", text) else {
        panic!("should fail")
    };
    let report = d.report("x.kdl", text);
    let mut out = String::new();
    let handler =
        miette::GraphicalReportHandler::new_themed(miette::GraphicalTheme::unicode_nocolor());
    handler.render_report(&mut out, &report).expect("renders");
    assert!(out.contains("titel"), "{out}");
    assert!(out.contains("[x.kdl:2:5]"), "{out}");
    assert!(out.contains("help: did you mean `title`?"), "{out}");
    // miette prints position and help itself; the message must not repeat them.
    assert!(!out.contains("x.kdl:2:5: error"), "{out}");
}

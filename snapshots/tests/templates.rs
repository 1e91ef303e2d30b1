//! Every example's template, JSON and YAML, pinned. A diff here is what a user sees change in
//! their stack: review it as a pull request (a renamed logical id replaces a live resource).

use examples::Options;

#[test]
fn every_example_template_is_pinned() {
    for example in examples::all() {
        let synthesized = (example.build)(&Options::default())
            .synth()
            .unwrap_or_else(|e| panic!("example {} must synthesize:\n{e}", example.name));
        insta::assert_snapshot!(
            format!("{}.json", example.name),
            synthesized.template.to_json()
        );
        insta::assert_snapshot!(
            format!("{}.yaml", example.name),
            synthesized.template.to_yaml()
        );
        let warnings: Vec<String> = synthesized
            .warnings
            .iter()
            .map(ToString::to_string)
            .collect();
        insta::assert_snapshot!(format!("{}.warnings", example.name), warnings.join("\n"));
    }
}

#[test]
fn synthesis_is_deterministic() {
    for example in examples::all() {
        let once = (example.build)(&Options::default())
            .synth()
            .map(|s| s.template.to_json());
        let twice = (example.build)(&Options::default())
            .synth()
            .map(|s| s.template.to_json());
        assert_eq!(once, twice, "example {} differs between runs", example.name);
    }
}

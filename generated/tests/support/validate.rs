//! The three external checks of what the crate renders, written once:
//! asl-validator on every definition, cfn-lint on every template, and the
//! IAM authorization data on every policy. The definitions and policies
//! inside each template are checked as well, so a test only gathers its
//! documents (a [`Rendered`], from snapshots, fixtures or machines through
//! [`Rendered::add_machine`]) and calls these.

use serde_json::Value;
use sfn_tasks::runtime::{Bindings, CfnOptions, StateMachine};

use super::samples::Rendered;
use super::{asl, cfn, iam};

/// The account of [`bindings`].
pub const ACCOUNT: &str = "123456789012";

/// The partition, region and account the checks render bound output with.
pub fn bindings() -> Bindings {
    Bindings::new()
        .partition("aws")
        .region("us-east-1")
        .account(ACCOUNT)
}

/// A grant the IAM check lets pass, with the reason: an action granted the
/// way AWS's own Step Functions IAM templates grant it, although the
/// authorization data lists other resource types for it. It passes only as
/// "has no usable resource" for that action, or as a resource that none of
/// a statement's actions, all of them accepted, can use.
pub type Accepted = [(&'static str, &'static str)];

impl Rendered {
    /// Adds what the checks need of one machine: its definition as rendered
    /// (`{name}.asl`), its template (`{name}.template`), and the policies of
    /// its template rendered with [`bindings`] (`{name}.bound.template#{id}`).
    /// The checks also read the definition and the policies inside the
    /// template. Once `tools/asl_validate.cjs` has put in the pseudo
    /// parameters' sample values (those of [`bindings`]), that definition is
    /// the one `to_asl_json_with(&bindings())` renders, so the bound
    /// definition is validated as well.
    pub fn add_machine(&mut self, name: &str, machine: &StateMachine) {
        self.add(format!("{name}.asl"), machine.to_asl_json());
        let template = machine
            .to_cloudformation(&CfnOptions::new())
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        self.add(format!("{name}.template"), template);
        let bound = machine
            .to_cloudformation(&CfnOptions::new().bindings(bindings()))
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        let policies = iam::policies_in_template(&bound);
        assert_eq!(
            policies.is_empty(),
            machine.policy_document().is_empty(),
            "{name}: the template's policies do not match the machine's"
        );
        for (id, policy) in policies {
            self.policies.push((
                format!("{name}.bound.template#{id}"),
                resolve_function_references(&policy, &bound),
            ));
        }
    }
}

/// Every definition, and the definitions inside every template, pass
/// asl-validator (one node launch).
pub fn definitions_pass_asl_validator(rendered: &Rendered) {
    let mut definitions = rendered.definitions.clone();
    for (name, template) in &rendered.templates {
        for (id, definition) in
            cfn::definitions_in_template(template).unwrap_or_else(|e| panic!("{name}: {e}"))
        {
            definitions.push((
                format!("{name}#{id}"),
                resolve_function_references(&definition, template),
            ));
        }
    }
    asl::assert_all_valid(&definitions);
}

/// Every template passes cfn-lint (one launch); its notes are printed.
pub fn templates_pass_cfn_lint(rendered: &Rendered) {
    cfn::assert_all_clean(&rendered.templates);
}

/// Every policy, and the policies inside every template, pass the IAM
/// authorization data, but for the problems `accepted` lets pass.
pub fn policies_pass_the_iam_data(rendered: &Rendered, accepted: &Accepted) {
    let mut policies = rendered.policies.clone();
    for (name, template) in &rendered.templates {
        for (id, policy) in iam::policies_in_template(template) {
            policies.push((
                format!("{name}#{id}"),
                resolve_function_references(&policy, template),
            ));
        }
    }
    let db = iam::Database::get();
    let failures: Vec<String> = policies
        .iter()
        .filter_map(|(name, policy)| {
            let problems: Vec<String> = db
                .check_policy(policy)
                .into_iter()
                .filter(|p| !is_accepted(p, accepted))
                .collect();
            (!problems.is_empty()).then(|| {
                format!(
                    "  {name}:\n    {}\n    policy: {policy}",
                    problems.join("\n    ")
                )
            })
        })
        .collect();
    assert!(
        failures.is_empty(),
        "IAM check failed for {} of {} policies:\n{}",
        failures.len(),
        policies.len(),
        failures.join("\n")
    );
}

/// The three checks, in order.
pub fn all_pass(rendered: &Rendered, accepted: &Accepted) {
    definitions_pass_asl_validator(rendered);
    templates_pass_cfn_lint(rendered);
    policies_pass_the_iam_data(rendered, accepted);
}

/// A Lambda function of the template (the inline `EvaluateExpression`
/// function) is named through its `${Logical.Arn}` reference, which neither
/// asl-validator nor the authorization data can read; it is checked as the
/// function ARN CloudFormation resolves it to.
fn resolve_function_references(document: &Value, template: &Value) -> Value {
    let mut text = document.to_string();
    for (id, resource) in template["Resources"].as_object().into_iter().flatten() {
        if resource["Type"] == "AWS::Lambda::Function" {
            let arn = format!("arn:aws:lambda:us-east-1:{ACCOUNT}:function:{id}");
            text = text.replace(&format!("${{{id}.Arn}}"), &arn);
        }
    }
    serde_json::from_str(&text).expect("still JSON")
}

/// Whether `problem` (from [`iam::Database::check_policy`]) only concerns
/// `accepted` actions: one of them without a usable resource, or a resource
/// that none of a statement's actions, all accepted, can use.
fn is_accepted(problem: &str, accepted: &Accepted) -> bool {
    let listed = |action: &str| accepted.iter().any(|(a, _)| *a == action);
    if accepted
        .iter()
        .any(|(a, _)| problem.contains(&format!("`{a}` has no usable resource")))
    {
        return true;
    }
    let marker = "matches no resource type of ";
    problem.find(marker).is_some_and(|at| {
        serde_json::from_str::<Vec<String>>(&problem[at + marker.len()..])
            .is_ok_and(|actions| actions.iter().all(|a| listed(a)))
    })
}

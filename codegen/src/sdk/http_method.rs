//! API Gateway's management calls: IAM authorises them by HTTP method on the
//! request path (`apigateway:GET` on `…::/restapis/a1b2c3`), not by
//! operation name. Each `{label}` of the path is bound to the input member
//! sent as that label.

use crate::botocore::{ServiceModel, Shape};
use crate::ir::{BindingIr, GrantIr, TemplateIr};
use crate::naming::wire_name;

/// The one grant of `operation`, or none when the model has no HTTP
/// binding for it.
pub(crate) fn grants(model: &ServiceModel, prefix: &str, operation: &str) -> Vec<GrantIr> {
    let Some(http) = model
        .operations
        .get(operation)
        .and_then(|op| op.http.as_ref())
    else {
        return Vec::new();
    };
    let members = model.operations[operation]
        .input
        .as_ref()
        .and_then(|input| model.shapes.get(&input.shape))
        .and_then(|shape| match shape {
            Shape::Structure(s) => Some(&s.members),
            _ => None,
        });
    let path = http.request_uri.split('?').next().unwrap_or("");
    let mut arn = format!("arn:${{Partition}}:{prefix}:${{Region}}::");
    let mut bindings = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        arn.push_str(&rest[..open]);
        let label = rest[open + 1..open + close].trim_end_matches('+');
        arn.push_str(&format!("${{{label}}}"));
        let member = members.and_then(|m| {
            m.iter()
                .find(|(_, r)| r.location_name.as_deref() == Some(label))
        });
        if let Some((member, _)) = member {
            bindings.push(BindingIr {
                variable: label.to_owned(),
                pointer: format!("/{}", wire_name(member)),
                extract: "Whole".to_owned(),
                default: None,
            });
        }
        rest = &rest[open + close + 1..];
    }
    arn.push_str(rest);
    vec![GrantIr {
        patterns: Vec::new(),
        actions: vec![format!("{prefix}:{}", http.method)],
        resources: vec![TemplateIr { arn, bindings }],
        when: Vec::new(),
        conditions: Vec::new(),
        bound_conditions: Vec::new(),
    }]
}

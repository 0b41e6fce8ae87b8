import { mergeStoredCredentials, userForStorage } from "./passwords";
import type { BlueprintBody, BlueprintRequest, BlueprintUser } from "./types";

/**
 * The version body to store for a create or update: the buildable fields of the request, users
 * merged with the previous version's credentials (on update) and passwords crypted.
 */
export function storedBody(request: BlueprintRequest, previousUsers?: readonly BlueprintUser[]): BlueprintBody {
  const { customizations, distribution, bootc, image_requests } = request;
  const users = customizations.users?.map((user) =>
    userForStorage(previousUsers ? mergeStoredCredentials(user, previousUsers) : user),
  );
  return {
    customizations: users ? { ...customizations, users } : customizations,
    ...(distribution !== undefined && { distribution }),
    ...(bootc !== undefined && { bootc }),
    image_requests,
  };
}
